# expect: not_parallel children_idle
"""Three child processes that only sleep; nobody computes."""
import multiprocessing as mp
import time
from burn import start_method

if __name__ == "__main__":
    start_method()
    ps = [mp.Process(target=time.sleep, args=(1.0,)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
