# expect: not_parallel one_at_a_time
"""A whole run of about 0.3 s whose three workers run one after another:
each is started and joined in the same loop."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    for _ in range(3):
        p = mp.Process(target=burn, args=(0.08,))
        p.start()
        p.join()
