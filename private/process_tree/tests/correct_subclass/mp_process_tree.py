"""Correct submission written another way: each child is a subclass of
multiprocessing.Process that overrides run(), started and joined in
separate loops over a dict of children. A grader must
accept it: the printed pids and ppids match the observed tree, every child
was a separate process, all were joined, no zombie or orphan was left, and
the exit codes are 0, 1, 2, ... (index % 3).
"""

import argparse
import multiprocessing
import os
import sys
import time

DEFAULT_CHILDREN = 3
DEFAULT_SECONDS = 0.5
MAX_CHILDREN = 20


def exit_code_for(index):
    """The exit code the statement asks child `index` to end with."""
    return index % 3


class Child(multiprocessing.Process):
    """A child process that introduces itself, stays alive, and exits."""

    def __init__(self, index, seconds):
        super().__init__(name="child-%d" % index)
        self.index = index
        self.seconds = seconds

    def run(self):
        print("child index=%d pid=%d ppid=%d" % (self.index, os.getpid(), os.getppid()),
              flush=True)
        time.sleep(self.seconds)
        sys.exit(exit_code_for(self.index))


def run(children, seconds):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    kids = {i: Child(i, seconds) for i in range(children)}
    for kid in kids.values():
        kid.start()
    alive = [kid.is_alive() for kid in kids.values()].count(True)
    print("started children=%d alive=%d" % (children, alive), flush=True)
    for index in sorted(kids):
        kids[index].join()
        print("joined index=%d pid=%d exitcode=%s" % (index, kids[index].pid, kids[index].exitcode),
              flush=True)
    alive = [kid.is_alive() for kid in kids.values()].count(True)
    print("done children=%d alive=%d" % (children, alive), flush=True)
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Start child processes and wait for them.")
    parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN,
                        help="how many children to start (default: %d)" % DEFAULT_CHILDREN)
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS,
                        help="how long each child stays alive (default: %g)" % DEFAULT_SECONDS)
    args = parser.parse_args(argv)
    if not 1 <= args.children <= MAX_CHILDREN:
        parser.error("--children must be between 1 and %d" % MAX_CHILDREN)
    if args.seconds < 0:
        parser.error("--seconds must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    return run(args.children, args.seconds)


if __name__ == "__main__":
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
