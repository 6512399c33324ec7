# expect-root: exit=0 stdout~denied leftovers>=1
# expect-user-open: error~helper.ended
# expect-user-isolated: exit=0 leftovers>=1
"""Kills its parent, mpgrade's helper, after leaving a child behind. As
root the helper is out of its reach; on a laptop, where both are the same
user, the observer must still kill the child; isolated, the helper is the
pid namespace's init, which the kernel does not let a process inside kill."""
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
