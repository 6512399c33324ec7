import argparse
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    return all(n % d for d in range(3, math.isqrt(n) + 1, 2))


def count_range(bounds):
    lo, hi = bounds
    return sum(map(is_prime, range(lo, hi)))


def count_par(n, workers):
    # 64 chunks per worker so that the expensive big numbers are spread out
    size = max(1, n // (64 * workers))
    chunks = [(lo, min(lo + size, n)) for lo in range(0, n, size)]
    with ProcessPoolExecutor(max_workers=workers) as ex:
        return sum(ex.map(count_range, chunks))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", default="both")
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.add_argument("--n", type=int, default=600_000)
    a = p.parse_args()
    times = {}
    if a.mode in ("seq", "both"):
        t0 = time.perf_counter()
        r = count_range((0, a.n))
        times["seq"] = time.perf_counter() - t0
        print(f"mode=seq workers=1 result={r} seconds={times['seq']:.6f}", flush=True)
    if a.mode in ("par", "both"):
        t0 = time.perf_counter()
        r = count_par(a.n, a.workers)
        times["par"] = time.perf_counter() - t0
        print(f"mode=par workers={a.workers} result={r} seconds={times['par']:.6f}", flush=True)
    if a.mode == "both":
        print(f"speedup={times['seq'] / times['par']:.3f}", flush=True)


if __name__ == "__main__":
    main()
