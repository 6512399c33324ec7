# expect-root: exit=0 stdout~denied leftovers>=1
# expect-user: error~helper.ended
"""Kills its parent, mpgrade's helper, after leaving a child behind. As
root the helper is out of its reach; on a laptop, where both are the same
user, the observer must still kill the child."""
import os
import signal
import time
from _hostile import note, wait_noted

if __name__ == "__main__":
    pid = os.fork()
    if pid == 0:
        time.sleep(300)
        os._exit(0)
    note(pid)
    wait_noted(1)
    try:
        os.kill(os.getppid(), signal.SIGKILL)
        print("killed the helper")
    except PermissionError:
        print("denied")
    time.sleep(0.5)
