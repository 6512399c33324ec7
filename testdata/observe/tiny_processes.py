# expect: not_parallel tiny_processes
"""Hundreds of processes, two alive at a time, each doing almost nothing."""
import multiprocessing as mp


def nothing(i):
    return i * i


if __name__ == "__main__":
    mp.set_start_method("fork")
    for i in range(0, 240, 2):
        ps = [mp.Process(target=nothing, args=(i + k,)) for k in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
