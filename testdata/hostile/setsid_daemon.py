# expect: exit=0 leftovers>=2 diagnose=leftovers
"""Leaves a child in a session of its own (setsid) and, from it, a
grandchild that closed its output and moved to /: the classic daemon."""
import os
import time
from _hostile import note, wait_noted

if __name__ == "__main__":
    if os.fork() == 0:
        os.setsid()
        note(os.getpid())
        if os.fork() == 0:
            os.chdir("/")
            os.close(0)
            os.close(1)
            os.close(2)
            note(os.getpid())
            time.sleep(300)
        time.sleep(300)
    wait_noted(2)
    print("main done")
