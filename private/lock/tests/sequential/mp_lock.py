"""Sequential workers: each worker is joined right after it is started, in
the same loop, so the workers never run at the same time. Both modes print
an exact total, even --no-lock, because nothing races: the lock proves
nothing. A grader must conclude: the totals are exact, but the workers
never overlapped in time (one after another), so the program does not
show what a lock is for; with --no-lock no update is lost.
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


def worker(index, n, counter, lock):
    """Do n units of work, counting each one in the shared counter while
    holding `lock`, if there is one."""
    pid = os.getpid()
    print("worker index=%d pid=%d ppid=%d" % (index, pid, os.getppid()), flush=True)
    x = index
    if lock is not None:
        for _ in range(n):
            x = do_unit(x)
            with lock:  # the read and the write of one increment, together
                counter.value += 1
    else:
        for _ in range(n):
            x = do_unit(x)
            counter.value += 1  # read, add, write: another worker may write in between
    print("finished index=%d pid=%d increments=%d" % (index, pid, n), flush=True)


def run(workers, n, use_lock):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    counter = multiprocessing.Value("i", 0)
    lock = multiprocessing.Lock() if use_lock else None
    for i in range(workers):
        p = multiprocessing.Process(target=worker, args=(i, n, counter, lock))
        p.start()
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
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
