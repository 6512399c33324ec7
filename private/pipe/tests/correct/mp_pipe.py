"""Correct submission written another way: Pipe and Process imported by
name, the server loops with iter(conn.recv, None). A grader must accept it:
two distinct processes took part (the replier is the observed child, which
did the CPU work), every round came back in order with the right count,
the child ended cleanly and nothing hung.
"""

import argparse
import math
import multiprocessing
import os
from multiprocessing import Pipe, Process

DEFAULT_ROUNDS = 10
# Round i asks for the primes below (i + 1) * STEP. With 10 rounds the child
# spends about a third of a second of CPU answering, which keeps it alive
# long enough to be seen in the process tree.
STEP = 15000


def is_prime(n):
    """Plain trial division by odd numbers up to sqrt(n)."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes_below(n):
    return sum(1 for k in range(n) if is_prime(k))


def request_for(round_index):
    """The number the parent sends in round `round_index`."""
    return (round_index + 1) * STEP


def server(conn):
    me = os.getpid()
    print("child pid=%d ppid=%d" % (me, os.getppid()), flush=True)
    served = 0
    for n in iter(conn.recv, None):
        conn.send((me, count_primes_below(n)))
        served += 1
    conn.close()
    print("served pid=%d requests=%d" % (me, served), flush=True)


def run(rounds):
    me = os.getpid()
    print("parent pid=%d ppid=%d" % (me, os.getppid()), flush=True)
    mine, theirs = Pipe()
    worker = Process(target=server, args=(theirs,))
    worker.start()
    theirs.close()
    for i in range(rounds):
        mine.send(request_for(i))
        replier, count = mine.recv()
        print("round=%d pid=%d request=%d reply=%d replier=%d" % (i, me, request_for(i), count, replier),
              flush=True)
    mine.send(None)
    mine.close()
    worker.join()
    print("done rounds=%d exitcode=%s" % (rounds, worker.exitcode), flush=True)
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Ask a child process for prime counts over a Pipe.")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        help="how many request/response rounds (default: %d)" % DEFAULT_ROUNDS)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    return run(args.rounds)


if __name__ == "__main__":
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
