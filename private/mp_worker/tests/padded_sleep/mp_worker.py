"""mp_worker.py: count the primes below N, sequentially or in parallel."""

import argparse
import math
import multiprocessing as mp
import os
import sys
import time

BLOCK = 1000  # numbers between two progress reports in seq mode


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_block(lo, hi):
    return sum(1 for k in range(lo, hi) if is_prime(k))


def count_primes_seq(n):
    found = 0
    for lo in range(0, n, BLOCK):
        found += count_block(lo, min(lo + BLOCK, n))
        if lo % (100 * BLOCK) == 0:
            print("seq: %d/%d" % (lo, n), file=sys.stderr)
        time.sleep(0.001)  # give the progress output time to show up
    return found


def child(conn, blocks):
    conn.send(sum(count_block(lo, hi) for lo, hi in blocks))
    conn.close()


def count_primes_par(n, workers):
    blocks = [(lo, min(lo + BLOCK, n)) for lo in range(0, n, BLOCK)]
    pipes, procs = [], []
    for w in range(workers):
        parent_end, child_end = mp.Pipe(duplex=False)
        p = mp.Process(target=child, args=(child_end, blocks[w::workers]))
        p.start()
        pipes.append(parent_end)
        procs.append(p)
    found = sum(conn.recv() for conn in pipes)
    for p in procs:
        p.join()
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["seq", "par", "both"], default="both")
    parser.add_argument("--workers", type=int,
                        default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    parser.add_argument("--n", type=int, default=600000)
    a = parser.parse_args()
    times = {}
    if a.mode in ("seq", "both"):
        t = time.perf_counter()
        r = count_primes_seq(a.n)
        times["seq"] = time.perf_counter() - t
        print("mode=seq workers=1 result=%d seconds=%.6f" % (r, times["seq"]))
    if a.mode in ("par", "both"):
        t = time.perf_counter()
        r = count_primes_par(a.n, a.workers)
        times["par"] = time.perf_counter() - t
        print("mode=par workers=%d result=%d seconds=%.6f" % (a.workers, r, times["par"]))
    if a.mode == "both":
        print("speedup=%.3f" % (times["seq"] / times["par"]))


if __name__ == "__main__":
    if os.environ.get("MP_START_METHOD"):
        mp.set_start_method(os.environ["MP_START_METHOD"])
    main()
