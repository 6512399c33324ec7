# Practica 3 - contar primos con multiprocessing
# The numbers are cut in blocks of BLOCK and worker k takes blocks k, k+W,
# k+2W, ... so big and small numbers are mixed and everybody gets about the
# same amount of work. (Taking every W-th number does not work: with W=2
# one worker gets all the even numbers, which are rejected at once.)

import argparse
import multiprocessing
import os
import time
from multiprocessing import Process, Queue


def is_prime(num):
    # trial division: try every divisor up to the square root
    if num < 2:
        return False
    d = 2
    while d * d <= num:
        if num % d == 0:
            return False
        d += 1
    return True


BLOCK = 1000


def count_range(start, stop):
    total = 0
    for x in range(start, stop):
        if is_prime(x):
            total += 1
    return total


def count_primes_seq(n):
    return count_range(0, n)


def work(my_id, n_workers, n, out_q):
    total = 0
    for start in range(my_id * BLOCK, n, n_workers * BLOCK):
        total += count_range(start, min(start + BLOCK, n))
    out_q.put(total)


def count_primes_par(n, workers):
    q = Queue()
    jobs = []
    for i in range(workers):
        jobs.append(Process(target=work, args=(i, workers, n, q)))
    for j in jobs:
        j.start()
    result = 0
    for _ in range(workers):
        result += q.get()
    for j in jobs:
        j.join()
    return result


def default_workers():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="both", choices=["seq", "par", "both"])
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--n", type=int, default=600000)
    args = ap.parse_args()

    t_seq = t_par = None
    if args.mode != "par":
        t0 = time.perf_counter()
        res = count_primes_seq(args.n)
        t_seq = time.perf_counter() - t0
        print(f"mode=seq workers=1 result={res} seconds={t_seq:.6f}")
    if args.mode != "seq":
        t0 = time.perf_counter()
        res = count_primes_par(args.n, args.workers)
        t_par = time.perf_counter() - t0
        print(f"mode=par workers={args.workers} result={res} seconds={t_par:.6f}")
    if args.mode == "both":
        print(f"speedup={t_seq / t_par:.3f}")


if __name__ == "__main__":
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    main()
