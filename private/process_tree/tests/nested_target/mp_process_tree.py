"""Nested target: each child runs a function defined inside run(). With
fork that works, because nothing is pickled. With spawn (the default on
macOS and Windows) or forkserver, the target must be pickled to reach the
child, and a local function cannot be: start() raises an error in the
parent ("Can't pickle local object"), which exits with status 1 before any
child runs. A grader must conclude: correct under fork; under spawn it
crashes (traceback, exit 1, no child lines).
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
    """Runs in the child process: introduce itself, stay alive, exit."""
    print("child index=%d pid=%d ppid=%d" % (index, os.getpid(), os.getppid()), flush=True)
    time.sleep(seconds)
    sys.exit(exit_code_for(index))


def run(children, seconds):
    print("parent pid=%d ppid=%d" % (os.getpid(), os.getppid()), flush=True)
    procs = []
    for i in range(children):
        def introduce(index=i):
            child(index, seconds)
        procs.append(multiprocessing.Process(target=introduce))
    for p in procs:
        p.start()
    alive = sum(1 for p in procs if p.is_alive())
    print("started children=%d alive=%d" % (children, alive), flush=True)
    for i, p in enumerate(procs):
        p.join()
        print("joined index=%d pid=%d exitcode=%s" % (i, p.pid, p.exitcode), flush=True)
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
