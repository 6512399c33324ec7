# Code that runs at import time, without a main guard. Harmless: the
# constant of line 9. A print (line 10, a plain call), a Queue (line 11,
# a shared object), a top-level loop that creates and starts processes
# (line 19), and a call of a function that starts processes (line 28).
import multiprocessing
import os
import time

SIZE = int(os.environ.get("SIZE", "10"))
print("starting")
results = multiprocessing.Queue()


def work(i):
    results.put(i * i)


for i in range(2):
    multiprocessing.Process(target=work, args=(i,)).start()


def spawn_more():
    p = multiprocessing.Process(target=work, args=(9,))
    p.start()
    time.sleep(0.1)


spawn_more()
