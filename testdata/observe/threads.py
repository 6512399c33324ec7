# expect: not_parallel threads
"""Four threads burn CPU in one process: the GIL lets one run at a time."""
import threading
import time


def spin(stop):
    x = 0
    while time.monotonic() < stop:
        x += 1


if __name__ == "__main__":
    stop = time.monotonic() + 1.2
    ts = [threading.Thread(target=spin, args=(stop,)) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
