"""No second process: both ends of the Pipe stay in the parent, which sends
a request on one end and then answers it itself on the other, like the
two-line example of a Pipe. Every line is there and every count is right.
A grader must conclude: the "child" pid and every replier are the main
process's pid and only one process was observed (it did all the CPU
work), so the pipe never connected two processes.
"""

import argparse
import math
import multiprocessing
import os

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


def answer_one(conn):
    """Read one request from `conn` and answer it."""
    n = conn.recv()
    conn.send((os.getpid(), count_primes_below(n)))


def run(rounds):
    pid = os.getpid()
    print("parent pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    parent_end, child_end = multiprocessing.Pipe()
    print("child pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    for i in range(rounds):
        n = request_for(i)
        parent_end.send(n)
        answer_one(child_end)
        replier, count = parent_end.recv()
        print("round=%d pid=%d request=%d reply=%d replier=%d" % (i, pid, n, count, replier),
              flush=True)
    print("served pid=%d requests=%d" % (pid, rounds), flush=True)
    parent_end.close()
    child_end.close()
    print("done rounds=%d exitcode=%s" % (rounds, 0), flush=True)
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
