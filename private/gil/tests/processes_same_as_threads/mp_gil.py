"""Threads behind a multiprocessing name: the processes mode uses
multiprocessing.dummy.Pool, which has the API of multiprocessing but runs
its workers as threads of this process. A grader must conclude: the
results are right, but in processes mode the workers' pids are all the
main process's, only one process was observed (with W extra threads), and
there is no parallelism and no speedup over threads.
"""

import argparse
import math
import multiprocessing
import os
import platform
import sys
import sysconfig
import threading
import time
from multiprocessing.dummy import Pool

DEFAULT_N = 600000
# Many small chunks dealt out in turn keep the workers' shares of work
# alike, although testing a large number costs more than a small one.
CHUNKS_PER_WORKER = 32


def available_cpus():
    """Number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on macOS / Windows
        return os.cpu_count() or 1


def gil_status():
    """(free-threaded build?, GIL enabled now?) for this interpreter.

    A free-threaded build (python3.13t and later) can run without the GIL;
    sys._is_gil_enabled() (Python 3.13+) says whether it does right now.
    Older interpreters always have the GIL.
    """
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return free_threaded, (is_enabled() if is_enabled is not None else True)


def is_prime(n):
    """Plain trial division by odd numbers up to sqrt(n)."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes(chunks):
    count = 0
    for lo, hi in chunks:
        for k in range(lo, hi):
            if is_prime(k):
                count += 1
    return count


def make_chunks(n, workers):
    """Split [0, n) into contiguous [lo, hi) chunks that cover it exactly."""
    size = max(1, -(-n // (workers * CHUNKS_PER_WORKER)))  # ceiling division
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def report(mode, index, count):
    print("worker mode=%s index=%d pid=%d result=%d" % (mode, index, os.getpid(), count),
          flush=True)


def thread_worker(index, chunks, results):
    """Runs in a thread: count, keep the result in this worker's slot."""
    results[index] = count_primes(chunks)
    report("threads", index, results[index])


def process_worker(job):
    index, chunks = job
    count = count_primes(chunks)
    report("processes", index, count)
    return count


def with_threads(n, workers):
    chunks = make_chunks(n, workers)
    results = [0] * workers
    threads = [threading.Thread(target=thread_worker, args=(i, chunks[i::workers], results))
               for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def with_processes(n, workers):
    chunks = make_chunks(n, workers)
    with Pool(workers) as pool:
        return sum(pool.map(process_worker, [(i, chunks[i::workers]) for i in range(workers)]))


def timed(mode, n, workers):
    run = with_threads if mode == "threads" else with_processes
    start = time.perf_counter()
    result = run(n, workers)
    seconds = time.perf_counter() - start
    print("mode=%s workers=%d result=%d seconds=%.6f" % (mode, workers, result, seconds), flush=True)
    return seconds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Count primes with threads and with processes.")
    parser.add_argument("--mode", choices=("threads", "processes", "both"), default="both",
                        help="threads, processes, or both (default: both)")
    parser.add_argument("--workers", type=int, default=None,
                        help="threads or processes (default: CPUs available)")
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
    free_threaded, gil = gil_status()
    print("python version=%s free_threading=%s gil=%s pid=%d"
          % (platform.python_version(), "yes" if free_threaded else "no",
             "enabled" if gil else "disabled", os.getpid()), flush=True)
    seconds = {}
    for mode in ("threads", "processes"):
        if args.mode in (mode, "both"):
            seconds[mode] = timed(mode, args.n, args.workers)
    if args.mode == "both":
        ratio = seconds["threads"] / seconds["processes"] if seconds["processes"] > 0 else float("inf")
        print("speedup=%.3f" % ratio, flush=True)
    return 0


if __name__ == "__main__":
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
