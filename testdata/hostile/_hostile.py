"""Shared by the hostile programs: note the pids of processes that must
not survive, and wait until they are noted."""
import os
import time


def note(pid):
    """Appends pid to the file named by HOSTILE_PIDS."""
    path = os.environ.get("HOSTILE_PIDS")
    if path:
        with open(path, "a") as f:
            f.write("%d\n" % pid)


def wait_noted(n, timeout=5.0):
    """Waits until HOSTILE_PIDS holds n pids, so the test can check them."""
    path = os.environ.get("HOSTILE_PIDS")
    end = time.time() + timeout
    while path and time.time() < end:
        try:
            with open(path) as f:
                if len(f.read().split()) >= n:
                    return
        except OSError:
            pass
        time.sleep(0.01)
