# limits: wall=1s
# expect: limit=wall
# expect-root: stdout~denied
# expect-user-open: error~did.not.end
"""Stops its parent, mpgrade's helper, with SIGSTOP, then runs forever. As
root the helper is out of its reach; on a laptop the observer must notice
the helper is stuck, and kill it and the program itself; isolated, the
helper is the pid namespace's init, which ignores SIGSTOP from inside."""
import os
import signal
import time

if __name__ == "__main__":
    try:
        os.kill(os.getppid(), signal.SIGSTOP)
        print("stopped the helper", flush=True)
    except PermissionError:
        print("denied", flush=True)
    while True:
        time.sleep(0.05)
