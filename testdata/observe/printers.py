# expect: not_parallel tiny_processes
"""200 processes, a few alive at a time, that only print a line: starting
them is all the CPU they use."""
import multiprocessing as mp
from burn import start_method

PROCESSES = 200
AT_ONCE = 4


def hello(i):
    print("hello from", i)


if __name__ == "__main__":
    start_method()
    for first in range(0, PROCESSES, AT_ONCE):
        ps = [mp.Process(target=hello, args=(i,)) for i in range(first, first + AT_ONCE)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
