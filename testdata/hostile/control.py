# role: control
# expect: exit=0 stdout~^hello
"""A well-behaved program, run after each hostile one: the grader must
still work."""
import multiprocessing as mp


def square(x, q):
    q.put(x * x)


if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=square, args=(7, q))
    p.start()
    assert q.get() == 49
    p.join()
    print("hello")
