"""__NAME__.py - add up the Collatz steps of every k below N, sequentially
and with several processes.

Usage:
    python3 __NAME__.py --mode seq|par [--workers W] [--n N]

Output:
    mode=seq workers=1 result=<total> seconds=<float>
    mode=par workers=<W> result=<total> seconds=<float>
"""

import argparse
import multiprocessing
import os
import time


def steps(k):
    """The Collatz steps from k to 1. Pure-Python CPU work: keep it so."""
    count = 0
    while k != 1:
        k = k // 2 if k % 2 == 0 else 3 * k + 1
        count += 1
    return count


def total_steps_seq(lo, hi):
    """The steps of every k with lo <= k < hi, added up in this process."""
    return sum(steps(k) for k in range(max(lo, 1), hi))


def total_steps_par(n, workers):
    """The steps of every k with 1 <= k < n, added up by `workers` processes.

    TODO (this is the assignment): give each of `workers` processes of
    multiprocessing a share of [1, n), let each add up its share with
    total_steps_seq(), and add up their totals here. For now it falls back
    to the sequential version: right, but not parallel.
    """
    return total_steps_seq(1, n)


def main():
    parser = argparse.ArgumentParser(description="Add up Collatz steps.")
    parser.add_argument("--mode", choices=("seq", "par"), required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--n", type=int, default=100000)
    args = parser.parse_args()
    start = time.perf_counter()
    if args.mode == "seq":
        result, workers = total_steps_seq(1, args.n), 1
    else:
        result, workers = total_steps_par(args.n, args.workers), args.workers
    seconds = time.perf_counter() - start
    print("mode=%s workers=%d result=%d seconds=%.6f" % (args.mode, workers, result, seconds), flush=True)


if __name__ == "__main__":
    main()
