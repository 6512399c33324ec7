# Targets that cannot be pickled: a lambda given to a Process (line 16),
# a nested function given to a Process (line 17), and a lambda and a
# nested function sent to a process pool (lines 19, 20). The thread pool's
# lambda (line 22) and the top-level function (line 23) are fine.
import multiprocessing
from concurrent.futures import ThreadPoolExecutor


def square(x):
    return x * x


def run():
    def helper():
        return 1
    a = multiprocessing.Process(target=lambda: square(2))
    b = multiprocessing.Process(None, helper)
    with multiprocessing.Pool(2) as pool:
        pool.map(lambda x: x + 1, [1, 2])
        pool.apply_async(helper)
    with ThreadPoolExecutor(2) as executor:
        executor.map(lambda x: x, [1])
    c = multiprocessing.Process(target=square, args=(3,))
    return a, b, c


if __name__ == "__main__":
    run()
