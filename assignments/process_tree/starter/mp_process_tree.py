"""mp_process_tree.py - a parent process, its children, and how they end.

Starter file for the process_tree assignment. The argument parsing and the
parent's first and last lines are done; the children are not. Fill in the
TODOs in child() and run().

Usage:
    python3 mp_process_tree.py [--children K] [--seconds S]

Output:
    parent pid=<pid> ppid=<ppid>
    child index=<i> pid=<pid> ppid=<ppid>            (one per child, printed by the child)
    started children=<K> alive=<n>
    joined index=<i> pid=<pid> exitcode=<code>       (one per child, in index order)
    done children=<K> alive=<n>
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


def child(index, seconds):
    """Runs in the child process.

    TODO:
      * print "child index=<index> pid=<pid> ppid=<ppid>" with the pid of
        this process and of its parent (os.getpid(), os.getppid()); use
        flush=True so that the line is not lost in a buffer;
      * stay alive for `seconds` seconds (time.sleep);
      * end the process with the exit code exit_code_for(index)
        (sys.exit(code): the value a target function returns is ignored).
    """


def run(children, seconds):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    procs = []
    # TODO: create `children` multiprocessing.Process objects, with
    #       target=child and args=(i, seconds), and keep them in `procs`.
    # TODO: start ALL of them, then print
    #       "started children=<K> alive=<n>", n being how many are alive
    #       (is_alive()).
    # TODO: join each child, in index order, and print
    #       "joined index=<i> pid=<pid> exitcode=<code>".
    alive = sum(1 for p in procs if p.is_alive())
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
    raise SystemExit(main())
