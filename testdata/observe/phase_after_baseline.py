# expect: parallel parallel
# needs: cpus 2
"""A sequential baseline of 1 s, then a parallel phase of about 0.2 s: two
multiprocessing.Process workers at once, as a program that times both
versions does."""
import multiprocessing as mp
from burn import burn, start_method

if __name__ == "__main__":
    start_method()
    burn(1.0)
    ps = [mp.Process(target=burn, args=(0.2,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
