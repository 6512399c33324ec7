#!/usr/bin/env python3
# Count primes below N.
#   seq: the simple reference version, one process
#   par: the optimized version, spread over W processes that add their
#        counts into a shared array (one slot per worker, so no lock needed)

import argparse
import math
import multiprocessing
import os
import time


def is_prime_simple(n):
    """Textbook trial division, used as the baseline."""
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def is_prime(n):
    """Optimized: skip even divisors."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for i in range(3, math.isqrt(n) + 1, 2):
        if n % i == 0:
            return False
    return True


def count_primes_seq(n):
    return sum(1 for k in range(n) if is_prime_simple(k))


CHUNK = 500


def worker(idx, workers, n, counts):
    # chunks idx, idx + workers, idx + 2*workers, ... of CHUNK numbers each
    c = 0
    for lo in range(idx * CHUNK, n, workers * CHUNK):
        for k in range(lo, min(lo + CHUNK, n)):
            if is_prime(k):
                c += 1
    counts[idx] = c


def count_primes_par(n, workers):
    counts = multiprocessing.Array("l", workers, lock=False)
    ps = [multiprocessing.Process(target=worker, args=(i, workers, n, counts)) for i in range(workers)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return sum(counts)


def cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def timed(f, *args):
    t0 = time.perf_counter()
    r = f(*args)
    return r, time.perf_counter() - t0


if __name__ == "__main__":
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("seq", "par", "both"), default="both")
    ap.add_argument("--workers", type=int, default=cpus())
    ap.add_argument("--n", type=int, default=600000)
    opt = ap.parse_args()
    if opt.mode in ("seq", "both"):
        res, ts = timed(count_primes_seq, opt.n)
        print(f"mode=seq workers=1 result={res} seconds={ts:.6f}")
    if opt.mode in ("par", "both"):
        res, tp = timed(count_primes_par, opt.n, opt.workers)
        print(f"mode=par workers={opt.workers} result={res} seconds={tp:.6f}")
    if opt.mode == "both":
        print(f"speedup={ts / tp:.3f}")
