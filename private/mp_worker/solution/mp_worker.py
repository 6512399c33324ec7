"""mp_worker.py - count the primes below N, sequentially and with several processes.

Model answer for the mp_worker assignment. The range [0, N) is cut into many
small chunks dealt out round-robin to W multiprocessing.Process workers, so
every worker gets a similar mix of cheap (small) and expensive (large)
numbers. Each worker sends its partial count back over a
multiprocessing.Queue; all workers are started before any is joined, and the
queue is drained before joining.

Usage:
    python3 mp_worker.py [--mode seq|par|both] [--workers W] [--n N]

Output (one line per mode, plus the speedup for --mode both):
    mode=seq workers=1 result=<count> seconds=<float>
    mode=par workers=<W> result=<count> seconds=<float>
    speedup=<float>
"""

import argparse
import math
import multiprocessing
import os
import time

DEFAULT_N = 600000


def available_cpus():
    """Number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on macOS / Windows
        return os.cpu_count() or 1


def is_prime(n):
    """Plain trial division by odd numbers up to sqrt(n).

    Deliberately slow, pure-Python CPU work: do not optimise it (no sieve,
    no caching), the exercise is about spreading this work over processes.
    """
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes_seq(lo, hi):
    """Count the primes p with lo <= p < hi, in the calling process."""
    count = 0
    for k in range(lo, hi):
        if is_prime(k):
            count += 1
    return count


# How many chunks each worker receives. Many small chunks dealt out
# round-robin keep the load balanced even though testing a large number costs
# more than testing a small one.
CHUNKS_PER_WORKER = 32


def make_chunks(n, workers):
    """Split [0, n) into contiguous [lo, hi) chunks that cover it exactly."""
    size = max(1, -(-n // (workers * CHUNKS_PER_WORKER)))  # ceiling division
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def worker(worker_id, chunks, results):
    """Runs in a child process: count the primes in its chunks, report once."""
    count = 0
    for lo, hi in chunks:
        count += count_primes_seq(lo, hi)
    results.put((worker_id, count))


def count_primes_par(n, workers):
    """Count the primes p with 2 <= p < n using `workers` processes."""
    chunks = make_chunks(n, workers)
    results = multiprocessing.Queue()
    procs = []
    for i in range(workers):
        # Worker i gets chunks i, i + W, i + 2W, ... (strided assignment).
        p = multiprocessing.Process(target=worker, args=(i, chunks[i::workers], results),
                                    name="mp_worker-%d" % i)
        procs.append(p)
    # Start everybody first, so that the workers really run at the same time.
    for p in procs:
        p.start()
    # Drain the queue before joining: a child that still has data buffered
    # for the queue does not exit until that data has been read.
    total = 0
    for _ in procs:
        _worker_id, count = results.get()
        total += count
    for p in procs:
        p.join()
    for p in procs:
        if p.exitcode != 0:
            raise RuntimeError("worker %s exited with code %s" % (p.name, p.exitcode))
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
    parser.add_argument("--mode", choices=("seq", "par", "both"), default="both",
                        help="seq, par, or both (default: both)")
    parser.add_argument("--workers", type=int, default=None,
                        help="number of worker processes (default: CPUs available)")
    parser.add_argument("--n", type=int, default=DEFAULT_N,
                        help="count the primes below this number (default: %d)" % DEFAULT_N)
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
    raise SystemExit(main())
