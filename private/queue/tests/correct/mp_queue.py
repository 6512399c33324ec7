"""Correct submission written another way: Process and Queue imported by
name, consumers loop with iter(tasks.get, None), and the parent keeps the
consumers' item counts from their "done" notes. A grader must accept it:
every item consumed exactly once, by two or more consumer processes that
all appear in the observed tree, the right total, and the program ends on
its own.
"""

import argparse
import math
import multiprocessing
import os
import time
from multiprocessing import Process, Queue

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
    """Put items index, index + P, index + 2P, ... on the task queue."""
    pid = os.getpid()
    print("producer index=%d pid=%d ppid=%d" % (index, pid, os.getppid()), flush=True)
    for item in range(index, items, producers):
        tasks.put(item)
        print("produced item=%d pid=%d" % (item, pid), flush=True)
        time.sleep(PRODUCE_DELAY)


def consumer(index, tasks, results):
    pid = os.getpid()
    print("consumer index=%d pid=%d ppid=%d" % (index, pid, os.getppid()), flush=True)
    taken = 0
    for item in iter(tasks.get, None):
        count = consume(item)
        print("consumed item=%d result=%d pid=%d" % (item, count, pid), flush=True)
        results.put(("item", item, count))
        taken += 1
    results.put(("done", pid, taken))


def run(producers, consumers, items):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    tasks, results = Queue(), Queue()
    makers = [Process(target=producer, args=(j, producers, items, tasks)) for j in range(producers)]
    takers = [Process(target=consumer, args=(k, tasks, results)) for k in range(consumers)]
    for p in makers:
        p.start()
    for p in takers:
        p.start()
    for p in makers:
        p.join()
    for _ in takers:
        tasks.put(None)
    total = 0
    taken = {}
    while len(taken) < consumers:
        kind, key, value = results.get()
        if kind == "done":
            taken[key] = value
        else:
            total += value
    for p in takers:
        p.join()
    print("total items=%d result=%d producers=%d consumers=%d"
          % (sum(taken.values()), total, producers, consumers), flush=True)
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
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
