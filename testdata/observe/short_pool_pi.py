# expect: parallel parallel
# needs: cpus 2
"""A whole run of about 0.3 s: a Pool of two estimates pi by Monte Carlo,
each worker drawing its share of the points."""
import multiprocessing as mp
import random
import time
from burn import start_method

CHUNKS = 4
CHUNK_SECONDS = 0.1  # CPU per chunk: two chunks, 0.2 s, per worker


def hits(args):
    seed, points = args
    rnd = random.Random(seed)
    n = 0
    for _ in range(points):
        x, y = rnd.random(), rnd.random()
        if x * x + y * y <= 1.0:
            n += 1
    return n


def points_per_chunk():
    """As many points as this machine draws in CHUNK_SECONDS of CPU now:
    a fixed count would make the run shorter on a faster machine."""
    start = time.process_time()
    hits((0, 20_000))
    return int(20_000 * CHUNK_SECONDS / (time.process_time() - start))


if __name__ == "__main__":
    start_method()
    points = points_per_chunk()
    with mp.Pool(2) as pool:
        inside = sum(pool.map(hits, [(seed, points) for seed in range(CHUNKS)]))
    print("pi ~ %.4f" % (4 * inside / (points * CHUNKS)))
