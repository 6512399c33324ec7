"""mp_queue.py - several producers and consumers sharing a Queue.

Starter file for the queue assignment. The arguments and the work an item
stands for (consume()) are ready. For now the parent consumes every item
itself, so the total is right but no other process takes part. Fill in the
TODOs in producer(), consumer() and run().

Usage:
    python3 mp_queue.py [--producers P] [--consumers C] [--items N]

Output:
    parent pid=<pid> ppid=<ppid>
    producer index=<j> pid=<pid> ppid=<ppid>        (printed by each producer)
    consumer index=<k> pid=<pid> ppid=<ppid>        (printed by each consumer)
    produced item=<i> pid=<pid>                     (one per item put, by its producer)
    consumed item=<i> result=<count> pid=<pid>      (one per item taken, by its consumer)
    total items=<n> result=<sum> producers=<P> consumers=<C>
"""

import argparse
import math
import multiprocessing
import os
import time

DEFAULT_PRODUCERS = 2
DEFAULT_CONSUMERS = 2
DEFAULT_ITEMS = 40
# Item i covers [i * ITEM_SIZE, (i + 1) * ITEM_SIZE): 40 items cover the
# numbers below 600000, about half a second of CPU in all.
ITEM_SIZE = 15000
# Producers pause after each item, so that items arrive over time as in a
# real stream, and producers live long enough to be seen.
PRODUCE_DELAY = 0.01


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


def consume(item):
    """The work an item stands for: count the primes in its range."""
    lo = item * ITEM_SIZE
    return sum(1 for k in range(lo, lo + ITEM_SIZE) if is_prime(k))


def producer(index, producers, items, tasks):
    """Runs in a producer process.

    TODO:
      * print "producer index=<index> pid=<pid> ppid=<ppid>";
      * put the items index, index + producers, index + 2 * producers, ...
        (below `items`) on the `tasks` queue; after each one print
        "produced item=<i> pid=<pid>" and sleep PRODUCE_DELAY seconds.
    """


def consumer(index, tasks, results):
    """Runs in a consumer process.

    TODO:
      * print "consumer index=<index> pid=<pid> ppid=<ppid>";
      * take items from `tasks` until the sentinel None arrives; for each,
        compute consume(item), print
        "consumed item=<i> result=<count> pid=<pid>" and send the result
        to the parent on `results`;
      * when the sentinel arrives, tell the parent that this consumer is
        done (put a note on `results`), then return.
    """


def run(producers, consumers, items):
    pid = os.getpid()
    print("parent pid=%d ppid=%d" % (pid, os.getppid()), flush=True)
    # TODO: create a task queue and a result queue (multiprocessing.Queue),
    #       start `consumers` consumer processes and `producers` producer
    #       processes.
    # TODO: when every producer has finished (join), put one sentinel (None)
    #       per consumer on the task queue.
    # TODO: read the results until every consumer has said it is done, and
    #       only then join the consumers.
    consumed = total = 0
    for item in range(items):  # for now the parent does all the work
        count = consume(item)
        print("consumed item=%d result=%d pid=%d" % (item, count, pid), flush=True)
        consumed += 1
        total += count
    print("total items=%d result=%d producers=%d consumers=%d"
          % (consumed, total, producers, consumers), flush=True)
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Producers and consumers over a Queue.")
    parser.add_argument("--producers", type=int, default=DEFAULT_PRODUCERS,
                        help="producer processes (default: %d)" % DEFAULT_PRODUCERS)
    parser.add_argument("--consumers", type=int, default=DEFAULT_CONSUMERS,
                        help="consumer processes (default: %d)" % DEFAULT_CONSUMERS)
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS,
                        help="work items in all (default: %d)" % DEFAULT_ITEMS)
    args = parser.parse_args(argv)
    if args.producers < 1 or args.consumers < 1:
        parser.error("--producers and --consumers must be at least 1")
    if args.items < 0:
        parser.error("--items must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    return run(args.producers, args.consumers, args.items)


if __name__ == "__main__":
    raise SystemExit(main())
