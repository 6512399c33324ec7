# Imports resolved in several ways. Processes through a context (lines 19
# and 31) and a star import (Queue, line 20; Lock, line 21). str.join and
# os.path.join (lines 23, 24) are not joins. A batch loop that starts a
# batch in one inner loop and joins it in another (lines 26-30) is not a
# start-join loop; a comprehension that starts and joins (line 32) is.
import multiprocessing as mp
import os
from multiprocessing import *


def work(i):
    return i


def run():
    ctx = mp.get_context("spawn")
    procs = []
    for i in range(4):
        procs.append(ctx.Process(target=work, args=(i,)))
    q = Queue()
    lock = Lock()
    parts = ["a", "b"]
    label = "-".join(parts)
    path = os.path.join("a", "b")
    batches = [procs[:2], procs[2:]]
    for batch in batches:
        for p in batch:
            p.start()
        for p in batch:
            p.join(5)
    more = [mp.get_context().Process(target=work, args=(i,)) for i in range(2)]
    [(p.start(), p.join()) for p in more]
    return q, lock, label, path


if __name__ == "__main__":
    run()
