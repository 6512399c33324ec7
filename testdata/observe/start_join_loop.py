# expect: not_parallel one_at_a_time
"""Three workers, each started and joined in the same loop: one at a time."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    for _ in range(3):
        p = mp.Process(target=burn, args=(0.45,))
        p.start()
        p.join()
