"""Counts the primes below N, in one process or in a pool of them.

Written from the statement alone, not from the starter: no line reads
MP_START_METHOD. par splits [0, N) into 40 slices per worker and lets a
multiprocessing.Pool count them with imap_unordered, one slice at a time,
so that a worker that finishes early takes the next slice.
"""
from argparse import ArgumentParser
from math import isqrt
from multiprocessing import Pool
from os import cpu_count, sched_getaffinity
from time import perf_counter


def is_prime(k):
    if k < 2:
        return False
    if k < 4:
        return True
    if k % 2 == 0:
        return False
    for d in range(3, isqrt(k) + 1, 2):
        if k % d == 0:
            return False
    return True


def primes_in(bounds):
    lo, hi = bounds
    return sum(1 for k in range(lo, hi) if is_prime(k))


def slices(n, parts):
    step = -(-n // parts)
    return [(lo, min(lo + step, n)) for lo in range(0, n, step)]


def run_seq(n):
    return primes_in((0, n))


def run_par(n, workers):
    with Pool(workers) as pool:
        return sum(pool.imap_unordered(primes_in, slices(n, 40 * workers)))


def timed(f, *args):
    t0 = perf_counter()
    result = f(*args)
    return result, perf_counter() - t0


def default_workers():
    try:
        return len(sched_getaffinity(0))
    except AttributeError:
        return cpu_count() or 1


if __name__ == "__main__":
    ap = ArgumentParser(description="count primes below N")
    ap.add_argument("--mode", choices=["seq", "par", "both"], default="both")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--n", type=int, default=600_000)
    opt = ap.parse_args()
    times = {}
    if opt.mode in ("seq", "both"):
        count, times["seq"] = timed(run_seq, opt.n)
        print(f"mode=seq workers=1 result={count} seconds={times['seq']:.6f}", flush=True)
    if opt.mode in ("par", "both"):
        count, times["par"] = timed(run_par, opt.n, opt.workers)
        print(f"mode=par workers={opt.workers} result={count} seconds={times['par']:.6f}", flush=True)
    if opt.mode == "both":
        print(f"speedup={times['seq'] / times['par']:.3f}", flush=True)
