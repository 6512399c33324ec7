# expect: parallel parallel
# needs: cpus 2
"""Four processes each add 1 to a shared Value 100 000 times, taking its
lock for every increment: they contend for the lock, but run at once."""
import multiprocessing as mp
from burn import start_method

INCREMENTS = 100_000


def add(v):
    for _ in range(INCREMENTS):
        with v.get_lock():
            v.value += 1


if __name__ == "__main__":
    start_method()
    v = mp.Value("i", 0)
    ps = [mp.Process(target=add, args=(v,)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(v.value)
