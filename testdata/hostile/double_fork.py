# expect: exit=0 leftovers>=1 diagnose=leftovers
"""Daemonizes a grandchild with a double fork; the grandchild is orphaned
and would outlive the program."""
import os
import time
from _hostile import note, wait_noted

if __name__ == "__main__":
    if os.fork() == 0:
        if os.fork() == 0:
            note(os.getpid())
            time.sleep(300)
        os._exit(0)
    os.wait()
    wait_noted(1)
    print("main done")
