"""mp_pipe.py - two processes talking both ways over a Pipe.

Starter file for the pipe assignment. The arguments, the prime counting and
the request of each round are ready. For now the parent answers its own
requests, so the output has the right shape but only one process takes
part. Fill in the TODOs in server() and run().

Usage:
    python3 mp_pipe.py [--rounds R]

Output:
    parent pid=<pid> ppid=<ppid>
    child pid=<pid> ppid=<ppid>                                    (printed by the child)
    round=<i> pid=<pid> request=<n> reply=<count> replier=<pid>    (one per round, by the parent)
    served pid=<pid> requests=<k>                                  (printed by the child)
    done rounds=<R> exitcode=<child exit code>
"""

import argparse
import math
import multiprocessing
import os

DEFAULT_ROUNDS = 10
# Round i asks for the primes below (i + 1) * STEP.
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
    """Runs in the child process.

    TODO:
      * print "child pid=<pid> ppid=<ppid>" (os.getpid(), os.getppid());
      * repeat: receive a request n from `conn`; if it is None, stop;
        otherwise send back the tuple (os.getpid(), count_primes_below(n));
      * print "served pid=<pid> requests=<k>", k being how many requests
        it answered, and close `conn`.
    """


def run(rounds):
    pid = os.getpid()
    print("parent pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    # TODO: create a Pipe, start one multiprocessing.Process running
    #       server() with one end, and close that end in the parent.
    for i in range(rounds):
        n = request_for(i)
        # TODO: send n to the child and wait for its reply (replier, count)
        #       instead of computing the answer here.
        replier, count = pid, count_primes_below(n)
        print("round=%d pid=%d request=%d reply=%d replier=%d" % (i, pid, n, count, replier),
              flush=True)
    # TODO: send None, join the child, close the parent's end, and print
    #       the child's exit code in the last line.
    print("done rounds=%d exitcode=%s" % (rounds, None), flush=True)
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
    raise SystemExit(main())
