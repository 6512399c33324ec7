"""__NAME__.py, calibration: the grader's yardstick, not an answer.

Its sequential mode is the starter's, whose total the checks compare with;
its parallel mode does the same CPU work in W processes and throws the
totals away, so that it shows what this machine can gain from that work
spread over W processes now.

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


def burn(n, index, workers):
    """Every workers-th k below n from index: CPU work only."""
    for k in range(max(index, 1), n, workers):
        steps(k)


def total_steps_par(n, workers):
    """The same CPU work in `workers` processes; the totals are thrown away,
    and -1 is returned: collecting them is the assignment."""
    procs = [multiprocessing.Process(target=burn, args=(n, i, workers)) for i in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return -1


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
