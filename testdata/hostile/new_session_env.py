# expect-root: exit=0 leftovers>=1 stdout~^denied$
# expect-user-isolated: exit=0 leftovers>=1 stdout~^signalled
# expect-user-open: error~helper.ended
# escapes: user-open
"""Leaves a child that starts a session of its own and clears its
environment (so no mark of the run is left on it), then kills its parent,
mpgrade's helper. As root the helper is out of reach; isolated, the helper
is the pid namespace's init, which no process inside may kill, and killing
it would kill the whole namespace; on a laptop without namespaces the child
escapes."""
import os
import signal
import time
from _hostile import note, wait_noted

if __name__ == "__main__":
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.execve("/bin/sleep", ["sleep", "300"], {})
    note(pid)
    wait_noted(1)
    time.sleep(0.1)
    try:
        os.kill(os.getppid(), signal.SIGKILL)
        print("signalled the helper", flush=True)
    except PermissionError:
        print("denied", flush=True)
    time.sleep(0.5)
