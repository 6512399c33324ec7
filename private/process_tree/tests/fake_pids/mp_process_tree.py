"""Made-up pids: the children are real processes and end with the right
codes, but they print nothing; the parent prints the child lines itself,
with the pids copied from the statement's example, and uses the same
numbers in its joined lines. A grader must conclude: the printed child
pids (4102, 4103, 4104, ...) are not processes of the observed tree, so
the printed tree is not the real one.
"""

import argparse
import multiprocessing
import os
import sys
import time

DEFAULT_CHILDREN = 3
DEFAULT_SECONDS = 0.5
MAX_CHILDREN = 20


# The pids of the example in the statement.
EXAMPLE_FIRST_CHILD_PID = 4102


def exit_code_for(index):
    """The exit code the statement asks child `index` to end with."""
    return index % 3


def child(index, seconds):
    time.sleep(seconds)
    sys.exit(exit_code_for(index))


def run(children, seconds):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    procs = [multiprocessing.Process(target=child, args=(i, seconds)) for i in range(children)]
    for p in procs:
        p.start()
    for i in range(children):
        print("child index=%d pid=%d ppid=%d" % (i, EXAMPLE_FIRST_CHILD_PID + i, os.getpid()),
              flush=True)
    alive = sum(1 for p in procs if p.is_alive())
    print("started children=%d alive=%d" % (children, alive), flush=True)
    for i, p in enumerate(procs):
        p.join()
        print("joined index=%d pid=%d exitcode=%s" % (i, EXAMPLE_FIRST_CHILD_PID + i, p.exitcode),
              flush=True)
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
    # Lets the grader choose how processes are started (fork, spawn or
    # forkserver). Keep these two lines in your solution.
    if os.environ.get("MP_START_METHOD"):
        multiprocessing.set_start_method(os.environ["MP_START_METHOD"])
    raise SystemExit(main())
