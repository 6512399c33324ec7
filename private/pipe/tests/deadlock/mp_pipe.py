"""Deadlock: both sides start by waiting. The parent waits for the child
to say it is ready before it sends the first request, and the child waits
for the first request before it says anything. Neither recv() can return,
so the program hangs with both processes asleep. A grader must conclude:
two processes were started, but the run did not finish within the time
limit (both processes blocked, using no CPU); no round was printed.
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


def server(conn):
    """Runs in the child: answer requests until None arrives."""
    pid = os.getpid()
    print("child pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    served = 0
    while True:
        n = conn.recv()
        if n is None:
            break
        conn.send((pid, count_primes_below(n)))
        served += 1
    print("served pid=%d requests=%d" % (pid, served), flush=True)
    conn.close()


def run(rounds):
    pid = os.getpid()
    print("parent pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.Process(target=server, args=(child_end,))
    child.start()
    child_end.close()
    ready = parent_end.recv()  # wait for the child to say hello first
    for i in range(rounds):
        n = request_for(i)
        parent_end.send(n)
        replier, count = parent_end.recv()
        print("round=%d pid=%d request=%d reply=%d replier=%d" % (i, pid, n, count, replier),
              flush=True)
    parent_end.send(None)
    child.join()
    parent_end.close()
    print("done rounds=%d exitcode=%s ready=%s" % (rounds, child.exitcode, ready), flush=True)
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
