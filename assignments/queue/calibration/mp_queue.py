"""mp_queue.py, calibration: what the queue checks compare with, not an answer.

It has the command line of the assignment's program and prints the lines a
right program prints for the items, their results and the total, but does
everything itself, in one process, with a sieve: no producer, no consumer,
no Queue. The checks take only the items and results from it; passing work
between processes through a Queue is the assignment, and is not done here.

Usage:
    python3 mp_queue.py [--producers P] [--consumers C] [--items N]
"""

import argparse
import os

# Item i stands for the numbers [i * ITEM_SIZE, (i + 1) * ITEM_SIZE), as the
# statement says; its result is how many primes are among them.
ITEM_SIZE = 15000


def main():
    parser = argparse.ArgumentParser(description="The queue checks' yardstick.")
    parser.add_argument("--producers", type=int, default=2)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args()
    n = args.items * ITEM_SIZE
    sieve = bytearray([1]) * max(n, 2)
    sieve[0] = sieve[1] = 0
    for d in range(2, int(n ** 0.5) + 1):
        if sieve[d]:
            sieve[d * d::d] = bytearray(len(range(d * d, n, d)))
    pid = os.getpid()
    total = 0
    for item in range(args.items):
        result = sum(sieve[item * ITEM_SIZE:(item + 1) * ITEM_SIZE])
        total += result
        print("produced item=%d pid=%d" % (item, pid), flush=True)
        print("consumed item=%d result=%d pid=%d" % (item, result, pid), flush=True)
    print("total items=%d result=%d producers=%d consumers=%d" % (args.items, total, args.producers, args.consumers), flush=True)


if __name__ == "__main__":
    main()
