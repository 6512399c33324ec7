# expect: parallel parallel
# needs: cpus 2
"""Four multiprocessing.Process workers burn CPU at the same time."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    ps = [mp.Process(target=burn, args=(0.7,)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
