# expect: exit=0 leftovers>=1 diagnose=leftovers
"""Starts a child that keeps running after the parent exits."""
import os
import time
from _hostile import note

if __name__ == "__main__":
    pid = os.fork()
    if pid == 0:
        time.sleep(300)
        os._exit(0)
    note(pid)
    print("parent exits")
