# expect: parallel parallel
# needs: cpus 2
"""Workers report their own CPU time, so the observer's exact total can be
checked against what the processes themselves measured."""
import multiprocessing as mp
import time
from burn import burn, start_method


def work(q):
    burn(0.6)
    q.put(time.process_time())


if __name__ == "__main__":
    start_method()
    q = mp.Queue()
    ps = [mp.Process(target=work, args=(q,)) for _ in range(3)]
    for p in ps:
        p.start()
    total = sum(q.get() for _ in ps)
    for p in ps:
        p.join()
    print("workers_cpu=%.3f" % total)
