#!/usr/bin/env python3
"""mp_worker: counts primes < N.

For the parallel part I start copies of this same script with subprocess,
each one counting a slice (every W-th odd number; 2 is counted by the first),
and add up what they print.
"""
import math
import os
import subprocess
import sys
import time


def isprime(x):
    if x < 2:
        return False
    if x in (2, 3):
        return True
    if x % 2 == 0 or x % 3 == 0:
        return False
    i = 5
    while i * i <= x:
        if x % i == 0 or x % (i + 2) == 0:
            return False
        i += 6
    return True


def count(start, stop, step):
    c = 0
    for x in range(start, stop, step):
        if isprime(x):
            c += 1
    return c


def get(flag, default):
    if flag in sys.argv:
        return sys.argv[sys.argv.index(flag) + 1]
    return default


def main():
    if "--slice" in sys.argv:  # a copy: count my slice and print the number
        i, w, n = (int(v) for v in get("--slice", "").split(","))
        extra = 1 if i == 0 and n > 2 else 0  # the only even prime
        print(count(2 * i + 1, n, 2 * w) + extra)
        return
    mode = get("--mode", "both")
    n = int(get("--n", "600000"))
    w = int(get("--workers", str(os.cpu_count() or 1)))
    if mode in ("seq", "both"):
        t = time.perf_counter()
        r = count(0, n, 1)
        seq = time.perf_counter() - t
        print("mode=seq workers=1 result=%d seconds=%.6f" % (r, seq), flush=True)
    if mode in ("par", "both"):
        t = time.perf_counter()
        copies = [subprocess.Popen([sys.executable, __file__, "--slice", "%d,%d,%d" % (i, w, n)],
                                   stdout=subprocess.PIPE, text=True) for i in range(w)]
        r = sum(int(c.communicate()[0]) for c in copies)
        par = time.perf_counter() - t
        print("mode=par workers=%d result=%d seconds=%.6f" % (w, r, par), flush=True)
    if mode == "both":
        print("speedup=%.3f" % (seq / par), flush=True)


if __name__ == "__main__":
    main()
