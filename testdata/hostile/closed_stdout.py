# expect: exit=3 stdout~^before
"""Closes its stdout and stderr, then goes on working: the end of the
output is not the end of the program, whose exit status must be seen."""
import os
import time

if __name__ == "__main__":
    print("before", flush=True)
    os.close(1)
    os.close(2)
    time.sleep(0.3)
    os._exit(3)
