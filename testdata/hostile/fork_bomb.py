# expect: limit=processes diagnose=process_limit
"""A fork bomb that swallows the errors of refused forks and keeps trying:
only a limit on processes stops it."""
import os
import time

if __name__ == "__main__":
    while True:
        try:
            os.fork()
        except OSError:
            time.sleep(0.001)
