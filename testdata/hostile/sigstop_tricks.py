# expect: exit=0 leftovers>=2 diagnose=leftovers
"""Leaves a child that stopped itself and another that ignores SIGTERM and
keeps waking the first one with SIGCONT."""
import os
import signal
import time
from _hostile import note, wait_noted

if __name__ == "__main__":
    stopped = os.fork()
    if stopped == 0:
        os.kill(os.getpid(), signal.SIGSTOP)
        time.sleep(300)
        os._exit(0)
    note(stopped)
    waker = os.fork()
    if waker == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            os.kill(stopped, signal.SIGCONT)
            time.sleep(0.01)
    note(waker)
    wait_noted(2)
    print("main done")
