# expect: parallel parallel
# needs: cpus 2
"""A multiprocessing.Pool of two workers; the Pool starts them from a helper thread."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    with mp.Pool(2) as pool:
        pool.map(burn, [0.35] * 4)
