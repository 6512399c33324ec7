# mp_worker.py -- practica 3: contar primos con varios procesos
# Cada trabajador suma su cuenta en un Value compartido (con su lock).
# (Con 2 trabajadores, el 0 se queda con todos los pares: un reparto
# intercalado de paso w que el autor no pensó.)
import argparse
import math
import os
import time
from multiprocessing import Process, Value


def es_primo(n):
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0:
        return False
    raiz = math.isqrt(n)
    d = 3
    while d <= raiz:
        if n % d == 0:
            return False
        d += 2
    return True


def contar(desde, hasta, paso=1):
    return sum(1 for k in range(desde, hasta, paso) if es_primo(k))


def trabajador(idx, w, n, total):
    # reparto intercalado: el trabajador idx mira idx, idx+w, idx+2w...
    mio = contar(idx, n, w)
    with total.get_lock():
        total.value += mio


def paralelo(n, w):
    total = Value("i", 0)
    procs = [Process(target=trabajador, args=(i, w, n, total)) for i in range(w)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return total.value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="both", choices=["seq", "par", "both"])
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--n", type=int, default=600000)
    a = ap.parse_args()
    if a.mode in ("seq", "both"):
        t0 = time.perf_counter()
        r = contar(0, a.n)
        ts = time.perf_counter() - t0
        print(f"mode=seq workers=1 result={r} seconds={ts:.6f}", flush=True)
    if a.mode in ("par", "both"):
        t0 = time.perf_counter()
        r = paralelo(a.n, a.workers)
        tp = time.perf_counter() - t0
        print(f"mode=par workers={a.workers} result={r} seconds={tp:.6f}", flush=True)
    if a.mode == "both":
        print(f"speedup={ts / tp:.3f}", flush=True)


if __name__ == "__main__":
    main()
