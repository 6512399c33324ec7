# expect: not_parallel tiny_processes
"""Hundreds of processes, two alive at a time, each doing almost nothing.

The loop runs for a fixed time, not a fixed count: a fast machine then
starts more processes instead of ending before the run can be judged, and
a loaded one still starts enough of them to be seen at the samples (two
children are alive at almost every sample, so a second of sampling sees
dozens; 0.35 s saw fewer than 20 on a loaded machine).
"""
import multiprocessing as mp
import time

RUN_SECONDS = 1.2


def nothing(i):
    return i * i


if __name__ == "__main__":
    mp.set_start_method("fork")
    deadline = time.monotonic() + RUN_SECONDS
    i = 0
    while time.monotonic() < deadline:
        ps = [mp.Process(target=nothing, args=(i + k,)) for k in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        i += 2
