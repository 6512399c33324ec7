"""Shared by the programs here: a fixed amount of pure-Python CPU work."""
import os
import time


def burn(seconds):
    """Spin in pure Python for about `seconds` of this process's CPU time."""
    start = time.process_time()
    x = 0
    while time.process_time() - start < seconds:
        for i in range(10000):
            x += i * i
    return x


def start_method():
    """Honour MP_START_METHOD so the same program runs under fork, spawn and forkserver."""
    import multiprocessing as mp
    m = os.environ.get("MP_START_METHOD")
    if m:
        mp.set_start_method(m)
