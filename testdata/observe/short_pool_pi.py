# expect: parallel parallel
# needs: cpus 2
"""A whole run of about 0.3 s: a Pool of two estimates pi by Monte Carlo,
each worker drawing its share of the points."""
import multiprocessing as mp
import random
from burn import start_method

POINTS = 1_400_000
CHUNKS = 4


def hits(seed):
    rnd = random.Random(seed)
    n = 0
    for _ in range(POINTS // CHUNKS):
        x, y = rnd.random(), rnd.random()
        if x * x + y * y <= 1.0:
            n += 1
    return n


if __name__ == "__main__":
    start_method()
    with mp.Pool(2) as pool:
        inside = sum(pool.map(hits, range(CHUNKS)))
    print("pi ~ %.4f" % (4 * inside / POINTS))
