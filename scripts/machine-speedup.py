#!/usr/bin/env python3
"""How much speedup this machine can show right now, without mpgrade.

Times the same CPU-bound loop done by one process and then split between
W processes started together (W = the CPUs this process may use), several
times in a row, and prints each ratio. On a quiet machine with W free cores
the ratio is close to W; when other programs (or, on a virtual machine,
the host's other tenants) take the cores, it falls, and the speedup check
answers inconclusive for the same reason.

    python3 scripts/machine-speedup.py [ROUNDS]
"""

import multiprocessing
import os
import sys
import time

WORK = 24_000_000


def spin(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def timed(workers):
    start = time.perf_counter()
    procs = [multiprocessing.Process(target=spin, args=(WORK // workers,)) for _ in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return time.perf_counter() - start


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    try:
        workers = len(os.sched_getaffinity(0))
    except AttributeError:
        workers = os.cpu_count() or 1
    print("workers=%d" % workers)
    for _ in range(rounds):
        one, many = timed(1), timed(workers)
        print("one=%.3fs split=%.3fs speedup=%.2f" % (one, many, one / many), flush=True)


if __name__ == "__main__":
    main()
