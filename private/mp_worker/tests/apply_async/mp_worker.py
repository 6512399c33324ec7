"""Count primes below N, sequentially or with a multiprocessing.Pool.

The parallel mode cuts [0, N) into many blocks and hands them to the pool
with apply_async, then adds up the results as they arrive.
"""
import argparse
import math
import multiprocessing as mp
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


def count_block(lo, hi):
    return sum(1 for k in range(lo, hi) if is_prime(k))


def count_parallel(n, workers, block=5000):
    with mp.Pool(processes=workers) as pool:
        pending = [pool.apply_async(count_block, (lo, min(lo + block, n)))
                   for lo in range(0, n, block)]
        return sum(p.get() for p in pending)


def timed(f, *args):
    t = time.perf_counter()
    r = f(*args)
    return r, time.perf_counter() - t


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["seq", "par", "both"], default="both")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--n", type=int, default=600000)
    args = parser.parse_args()
    workers = args.workers or len(os.sched_getaffinity(0))
    if args.mode != "par":
        res, seq = timed(count_block, 0, args.n)
        print("mode=seq workers=1 result=%d seconds=%.6f" % (res, seq), flush=True)
    if args.mode != "seq":
        res, par = timed(count_parallel, args.n, workers)
        print("mode=par workers=%d result=%d seconds=%.6f" % (workers, res, par), flush=True)
    if args.mode == "both":
        print("speedup=%.3f" % (seq / par), flush=True)
