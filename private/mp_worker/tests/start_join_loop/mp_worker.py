"""Sequential in disguise: W processes are created, but each one is started and
joined in the same loop, so only one runs at a time. A grader must conclude:
result correct, times honest, but workers never overlap and there is no
speedup.
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


def worker(chunks, results):
    count = 0
    for lo, hi in chunks:
        count += count_primes_seq(lo, hi)
    results.put(count)


def count_primes_par(n, workers):
    size = max(1, n // (workers * 32))
    chunks = [(lo, min(lo + size, n)) for lo in range(0, n, size)]
    results = multiprocessing.Queue()
    for i in range(workers):
        p = multiprocessing.Process(target=worker, args=(chunks[i::workers], results))
        p.start()
        p.join()  # waits for this worker before the next one is even created
    return sum(results.get() for _ in range(workers))


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
