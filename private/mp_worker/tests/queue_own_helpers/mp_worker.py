"""Prime counting with multiprocessing.Process workers and a results queue.

Written without the starter (nothing reads MP_START_METHOD). Each worker
gets every W-th block of 500 numbers, counts the primes in them with its
own helpers and puts one total on a Queue; the main process starts every
worker, then collects W totals, then joins.
"""
import argparse
import multiprocessing as mp
import os
import sys
import time

BLOCK = 500


def is_prime(x):
    """6k +/- 1 trial division."""
    if x < 4:
        return x >= 2
    if x % 2 == 0 or x % 3 == 0:
        return False
    f = 5
    while f * f <= x:
        if x % f == 0 or x % (f + 2) == 0:
            return False
        f += 6
    return True


def my_blocks(n, index, workers):
    """The blocks [start, end) of [0, n) that worker index counts."""
    for start in range(index * BLOCK, n, workers * BLOCK):
        yield start, min(start + BLOCK, n)


def count_blocks(blocks):
    total = 0
    for start, end in blocks:
        for x in range(start, end):
            if is_prime(x):
                total += 1
    return total


def worker(n, index, workers, out):
    out.put(count_blocks(my_blocks(n, index, workers)))


def sequential(n):
    return count_blocks(my_blocks(n, 0, 1))


def parallel(n, workers):
    out = mp.Queue()
    procs = [mp.Process(target=worker, args=(n, i, workers, out)) for i in range(workers)]
    for p in procs:
        p.start()
    total = sum(out.get() for _ in procs)
    for p in procs:
        p.join()
    return total


def report(mode, workers, result, seconds):
    print("mode=%s workers=%d result=%d seconds=%.6f" % (mode, workers, result, seconds), flush=True)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="both", choices=("seq", "par", "both"))
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--n", type=int, default=600000)
    args = parser.parse_args(argv)
    seconds = {}
    if args.mode != "par":
        t = time.perf_counter()
        result = sequential(args.n)
        seconds["seq"] = time.perf_counter() - t
        report("seq", 1, result, seconds["seq"])
    if args.mode != "seq":
        t = time.perf_counter()
        result = parallel(args.n, args.workers)
        seconds["par"] = time.perf_counter() - t
        report("par", args.workers, result, seconds["par"])
    if args.mode == "both":
        print("speedup=%.3f" % (seconds["seq"] / seconds["par"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
