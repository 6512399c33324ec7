# limits: wall=1s
# expect: limit=wall signal=SIGKILL diagnose=timeout
"""Ignores SIGTERM, in the main process and in a child: only SIGKILL after
the grace period ends it."""
import os
import signal
import time
from _hostile import note

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pid = os.fork()
    if pid:
        note(pid)
    while True:
        time.sleep(0.05)
