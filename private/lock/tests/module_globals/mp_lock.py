"""Shared objects as module globals: the counter and the lock are created at
module level and the workers use the globals instead of receiving them as
arguments. With fork the children inherit the parent's objects and all is
well. With spawn (or forkserver) every child imports the module again and
gets a new counter and lock of its own, so the parent's counter stays 0. A
grader must conclude: correct under fork; under spawn the total is 0 with
both modes (every update lost), because the objects were not shared.
"""

import argparse
import multiprocessing
import os

DEFAULT_WORKERS = 2
# Units per worker: about a second of CPU per worker on a laptop core of
# today, long enough for the grader to see the workers overlap.
DEFAULT_N = 300000
# Steps of private work per unit. They make each unit cost a few
# microseconds, so the runs with and without the lock last about as long,
# while the increments are still frequent enough to collide without it.
UNIT_STEPS = 20


def do_unit(x):
    """The private part of one unit of work: a few steps of a pseudo-random
    sequence. Nothing here is shared, so it needs no lock."""
    for _ in range(UNIT_STEPS):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


counter = multiprocessing.Value("i", 0)
lock = multiprocessing.Lock()


def worker(index, n, use_lock):
    """Do n units of work and count them in the shared counter."""
    pid = os.getpid()
    print("worker index=%d pid=%d ppid=%d" % (index, pid, os.getppid()), flush=True)
    x = index
    for _ in range(n):
        x = do_unit(x)
        if use_lock:
            with lock:
                counter.value += 1
        else:
            counter.value += 1
    print("finished index=%d pid=%d increments=%d" % (index, pid, n), flush=True)


def run(workers, n, use_lock):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    procs = [multiprocessing.Process(target=worker, args=(i, n, use_lock)) for i in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    expected = workers * n
    total = counter.value
    print("mode=%s workers=%d n=%d expected=%d total=%d lost=%d"
          % ("lock" if use_lock else "no-lock", workers, n, expected, total, expected - total),
          flush=True)
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Increment a shared counter from several processes.")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                        help="worker processes (default: %d)" % DEFAULT_WORKERS)
    parser.add_argument("--n", type=int, default=DEFAULT_N,
                        help="units of work (increments) per worker (default: %d)" % DEFAULT_N)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--lock", dest="lock", action="store_true", default=True,
                      help="protect every increment with a Lock (the default)")
    mode.add_argument("--no-lock", dest="lock", action="store_false",
                      help="increment without a lock, to see updates get lost")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.n < 0:
        parser.error("--n must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    return run(args.workers, args.n, args.lock)


if __name__ == "__main__":
    # force=True: creating the Value above has already fixed the start
    # method, and a plain set_start_method() would refuse to change it.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"], force=True)
    raise SystemExit(main())
