# expect: parallel parallel
# needs: cpus 2
"""A long sequential part, then a short phase with two workers in parallel."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    burn(1.5)
    ps = [mp.Process(target=burn, args=(0.6,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    burn(0.5)
