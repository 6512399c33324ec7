"""Correct submission: one multiprocessing.Process and one Pipe per worker,
with contiguous ranges whose lengths are chosen so that each costs about the
same. A grader must accept it: right result, really parallel, honest times,
speedup comparable to the reference.
"""

import argparse
import math
import multiprocessing
import os
import time

DEFAULT_N = 600000


def available_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes_seq(lo, hi):
    count = 0
    for k in range(lo, hi):
        if is_prime(k):
            count += 1
    return count


def worker(lo, hi, conn):
    conn.send(count_primes_seq(lo, hi))
    conn.close()


def bounds(n, workers):
    # Contiguous ranges of different lengths but about the same cost: the work
    # in [0, x) grows a bit faster than x (roughly like x ** 1.4), so the
    # boundaries are placed at n * (i / W) ** 0.72 instead of n * i / W.
    b = [int(round(n * (i / workers) ** 0.72)) for i in range(workers + 1)]
    b[0], b[-1] = 0, n
    return b


def count_primes_par(n, workers):
    b = bounds(n, workers)
    procs, conns = [], []
    for i in range(workers):
        parent_end, child_end = multiprocessing.Pipe(duplex=False)
        p = multiprocessing.Process(target=worker, args=(b[i], b[i + 1], child_end))
        procs.append(p)
        conns.append((parent_end, child_end))
    for p in procs:
        p.start()
    total = 0
    for parent_end, child_end in conns:
        child_end.close()  # the parent keeps only the reading end
        total += parent_end.recv()
        parent_end.close()
    for p in procs:
        p.join()
    return total


def run_seq(n):
    start = time.perf_counter()
    result = count_primes_seq(0, n)
    seconds = time.perf_counter() - start
    print("mode=seq workers=1 result=%d seconds=%.6f" % (result, seconds), flush=True)
    return seconds


def run_par(n, workers):
    start = time.perf_counter()
    result = count_primes_par(n, workers)
    seconds = time.perf_counter() - start
    print("mode=par workers=%d result=%d seconds=%.6f" % (workers, result, seconds), flush=True)
    return seconds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Count the primes below N.")
    parser.add_argument("--mode", choices=("seq", "par", "both"), default="both")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    args = parser.parse_args(argv)
    if args.workers is None:
        args.workers = available_cpus()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.n < 0:
        parser.error("--n must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    seq_seconds = par_seconds = None
    if args.mode in ("seq", "both"):
        seq_seconds = run_seq(args.n)
    if args.mode in ("par", "both"):
        par_seconds = run_par(args.n, args.workers)
    if args.mode == "both":
        speedup = seq_seconds / par_seconds if par_seconds > 0 else float("inf")
        print("speedup=%.3f" % speedup, flush=True)
    return 0


if __name__ == "__main__":
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
