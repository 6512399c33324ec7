"""Correct submission: Process imported by name, children started in one
loop and joined in another, the parent polls is_alive() while it waits. A
grader must accept it: the printed pids and ppids match the observed tree,
every child was a separate process, all were joined, no zombie or orphan
was left, and the exit codes are 0, 1, 2, ... (index % 3).
"""

import argparse
import multiprocessing
import os
import sys
import time
from multiprocessing import Process

DEFAULT_CHILDREN = 3
DEFAULT_SECONDS = 0.5
MAX_CHILDREN = 20


def exit_code_for(index):
    """The exit code the statement asks child `index` to end with."""
    return index % 3


def child(index, seconds):
    """Runs in the child process: introduce itself, stay alive, exit."""
    print("child index=%d pid=%d ppid=%d" % (index, os.getpid(), os.getppid()), flush=True)
    time.sleep(seconds)
    sys.exit(exit_code_for(index))


def run(children, seconds):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    procs = []
    for i in range(children):
        p = Process(target=child, args=(i, seconds))
        p.start()
        procs.append(p)
    print("started children=%d alive=%d" % (children, [p.is_alive() for p in procs].count(True)),
          flush=True)
    while any(p.is_alive() for p in procs):
        time.sleep(0.05)
    for i, p in enumerate(procs):
        p.join()
        print("joined index=%d pid=%d exitcode=%d" % (i, p.pid, p.exitcode), flush=True)
    print("done children=%d alive=%d" % (children, [p.is_alive() for p in procs].count(True)),
          flush=True)
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
