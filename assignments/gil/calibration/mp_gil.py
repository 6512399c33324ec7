"""mp_gil.py, calibration: what the gil checks compare with, not an answer.

It has the command line of the assignment's program and prints the count a
right program prints, but counts the primes below N itself, in one process,
with a sieve: no thread, no process. The checks take only the count from it;
comparing threads with processes is the assignment, and is not done here.

Usage:
    python3 mp_gil.py [--mode threads|processes|both] [--workers W] [--n N]
"""

import argparse
import os
import time


def main():
    parser = argparse.ArgumentParser(description="The gil checks' yardstick.")
    parser.add_argument("--mode", choices=("threads", "processes", "both"), default="both")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--n", type=int, default=1000000)
    args = parser.parse_args()
    start = time.perf_counter()
    n = args.n
    sieve = bytearray([1]) * max(n, 2)
    sieve[0] = sieve[1] = 0
    for d in range(2, int(n ** 0.5) + 1):
        if sieve[d]:
            sieve[d * d::d] = bytearray(len(range(d * d, n, d)))
    result = sum(sieve[:n])
    seconds = time.perf_counter() - start
    modes = ("threads", "processes") if args.mode == "both" else (args.mode,)
    for mode in modes:
        print("mode=%s workers=%d result=%d seconds=%.6f" % (mode, args.workers, result, seconds), flush=True)


if __name__ == "__main__":
    main()
