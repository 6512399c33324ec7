"""A fixture: threads and processes as the model answer, but every chunk
stops one short of the next one, so the number at each border is lost and
both counts come out low. The workers' counts still add up to the total
printed.

mp_gil.py - the same CPU-bound work with threads and with processes.

Otherwise as the model answer. The primes below N are counted by W
workers, each taking every W-th of many small chunks of [0, N). With
--mode threads the workers are threading.Thread objects in this process;
with --mode processes they are multiprocessing.Process objects, each a
process of its own. The work and the split are the same; only the kind of
worker changes. Under the GIL only one thread runs Python code at a time,
so the threads take about as long as one worker alone, while the processes
run on several cores at once.

Usage:
    python3 mp_gil.py [--mode threads|processes|both] [--workers W] [--n N]

Output:
    python version=<x.y.z> free_threading=<yes|no> gil=<enabled|disabled> pid=<pid>
    worker mode=<mode> index=<i> pid=<pid> result=<count>     (printed by each worker)
    mode=<mode> workers=<W> result=<count> seconds=<float>    (one per mode run)
    speedup=<threads seconds / processes seconds>             (with --mode both)
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
    # Wrong on purpose: each chunk stops one short of the next one's start,
    # so the number at every border is never tested.
    return [(lo, min(lo + size, n) - 1) for lo in range(0, n, size)]


def report(mode, index, count):
    print("worker mode=%s index=%d pid=%d result=%d" % (mode, index, os.getpid(), count),
          flush=True)


def thread_worker(index, chunks, results):
    """Runs in a thread: count, keep the result in this worker's slot."""
    results[index] = count_primes(chunks)
    report("threads", index, results[index])


def process_worker(index, chunks, results):
    """Runs in a child process: count, send the result to the parent."""
    count = count_primes(chunks)
    report("processes", index, count)
    results.put(count)


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
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=process_worker, args=(i, chunks[i::workers], results))
             for i in range(workers)]
    for p in procs:
        p.start()
    total = sum(results.get() for _ in procs)  # read before joining
    for p in procs:
        p.join()
    return total


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
    raise SystemExit(main())
