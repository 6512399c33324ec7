"""mp_worker.py, calibration: the grader's yardstick, not an answer.

It has the command line of the assignment's program, and the grader runs it
beside each submission: its sequential mode counts the primes below N (the
starter's code), which is the result the counts are compared with; its
parallel mode does the same CPU work in W processes but throws the counts
away and prints none, so what it measures is what this machine can show for
that work spread over W processes now, nothing more. Collecting the counts
is the assignment, and is not done here.

Usage:
    python3 mp_worker.py --mode seq|par [--workers W] [--n N]
"""

import argparse
import math
import multiprocessing
import os
import time


def is_prime(n):
    """Plain trial division by odd numbers up to sqrt(n), as the starter's."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes(numbers):
    count = 0
    for k in numbers:
        if is_prime(k):
            count += 1
    return count


def burn(n, index, workers):
    """Test the numbers of every workers-th chunk below n from chunk index:
    CPU work only. Chunks, not single numbers, are dealt out: with a stride
    of 2 over single numbers, one of two workers would get every even
    number, which costs nothing, and the other all the work."""
    chunk = max(1, n // (32 * workers))
    for lo in range(index * chunk, n, workers * chunk):
        count_primes(range(lo, min(lo + chunk, n)))


def main():
    parser = argparse.ArgumentParser(description="The grader's yardstick for mp_worker.")
    parser.add_argument("--mode", choices=("seq", "par"), required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--n", type=int, default=600000)
    args = parser.parse_args()
    start = time.perf_counter()
    if args.mode == "seq":
        result = count_primes(range(args.n))
        print("mode=seq workers=1 result=%d seconds=%.6f" % (result, time.perf_counter() - start), flush=True)
        return
    procs = [multiprocessing.Process(target=burn, args=(args.n, i, args.workers)) for i in range(args.workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("mode=par workers=%d seconds=%.6f" % (args.workers, time.perf_counter() - start), flush=True)


if __name__ == "__main__":
    main()
