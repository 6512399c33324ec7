# expect: not_parallel children_idle
"""Leaves processes behind: a double-forked grandchild, one that called
setsid(), and one that ignores SIGTERM. All must be killed when the main
process exits, and none may be left running."""
import os
import signal
import time
from burn import burn


def linger(new_session=False, ignore_term=False):
    if os.fork() == 0:
        if new_session:
            os.setsid()
        if ignore_term:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if os.fork() == 0:  # the grandchild outlives its parent
            with open(os.environ["ORPHAN_PIDS"], "a") as f:
                f.write("%d\n" % os.getpid())
            time.sleep(300)
        os._exit(0)


if __name__ == "__main__":
    linger()
    linger(new_session=True)
    linger(ignore_term=True)
    burn(0.8)
