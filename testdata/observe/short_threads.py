# expect: not_parallel threads
"""Two threads burn CPU for about 0.3 s in one process: the GIL lets one
run at a time."""
import threading
import time


def spin(stop):
    x = 0
    while time.monotonic() < stop:
        x += 1


if __name__ == "__main__":
    stop = time.monotonic() + 0.3
    ts = [threading.Thread(target=spin, args=(stop,)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
