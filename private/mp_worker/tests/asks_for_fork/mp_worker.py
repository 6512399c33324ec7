"""A correct Process + Queue solution that chooses the fork start method
itself, as a student who read that fork starts processes faster on Linux
might: multiprocessing.set_start_method("fork") at the top of the main
block. Its workers are top-level functions and nothing is created at
import time, so it also works under spawn.
"""
import argparse
import math
import multiprocessing
import os
import time


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_chunk(lo, hi):
    return sum(1 for k in range(lo, hi) if is_prime(k))


def worker(chunks, results):
    results.put(sum(count_chunk(lo, hi) for lo, hi in chunks))


def count_par(n, workers):
    size = max(1, n // (workers * 50))
    chunks = [(lo, min(lo + size, n)) for lo in range(0, n, size)]
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(chunks[i::workers], results))
             for i in range(workers)]
    for p in procs:
        p.start()
    total = sum(results.get() for _ in procs)
    for p in procs:
        p.join()
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["seq", "par", "both"], default="both")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--n", type=int, default=600000)
    args = parser.parse_args()
    seconds = {}
    if args.mode in ("seq", "both"):
        t = time.perf_counter()
        result = count_chunk(0, args.n)
        seconds["seq"] = time.perf_counter() - t
        print("mode=seq workers=1 result=%d seconds=%.6f" % (result, seconds["seq"]), flush=True)
    if args.mode in ("par", "both"):
        t = time.perf_counter()
        result = count_par(args.n, args.workers)
        seconds["par"] = time.perf_counter() - t
        print("mode=par workers=%d result=%d seconds=%.6f" % (args.workers, result, seconds["par"]), flush=True)
    if args.mode == "both":
        print("speedup=%.3f" % (seconds["seq"] / seconds["par"]), flush=True)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
