"""mp_pipe.py, calibration: what the pipe checks compare with, not an answer.

It has the command line of the assignment's program and prints the rounds a
right program prints, with the right requests and replies, but computes
every reply itself, in one process, with a sieve: no child, no Pipe. The
checks take only the rounds, requests and replies from it; talking to a
child over a Pipe is the assignment, and is not done here.

Usage:
    python3 mp_pipe.py [--rounds R]
"""

import argparse
import os

# Round i asks for the primes below (i + 1) * STEP, as the statement says.
STEP = 15000


def primes_below(n):
    """A sieve of Eratosthenes: sieve[k] says whether k is prime."""
    sieve = bytearray([1]) * max(n, 2)
    sieve[0] = sieve[1] = 0
    for d in range(2, int(n ** 0.5) + 1):
        if sieve[d]:
            sieve[d * d::d] = bytearray(len(range(d * d, n, d)))
    return sieve


def main():
    parser = argparse.ArgumentParser(description="The pipe checks' yardstick.")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    pid = os.getpid()
    sieve = primes_below(args.rounds * STEP)
    print("parent pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    for i in range(args.rounds):
        n = (i + 1) * STEP
        print("round=%d pid=%d request=%d reply=%d replier=%d" % (i, pid, n, sum(sieve[:n]), pid), flush=True)
    print("done rounds=%d exitcode=0" % args.rounds, flush=True)


if __name__ == "__main__":
    main()
