# expect: inconclusive too_short
"""Two workers that finish almost at once: nothing long enough to judge."""
import multiprocessing as mp
from burn import burn

if __name__ == "__main__":
    ps = [mp.Process(target=burn, args=(0.05,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
