# expect: exit=0 stdout~^wrote\s/tmp/ stdout~^wrote\s/dev/shm/
"""Leaves files in /tmp and /dev/shm (named by LEFT_BEHIND) for the next
submission graded on the machine to read. Isolated, both are the run's own
and vanish with it."""
import os

if __name__ == "__main__":
    for folder in ("/tmp", "/dev/shm"):
        path = os.path.join(folder, os.environ["LEFT_BEHIND"])
        with open(path, "w") as f:
            f.write("left behind by a graded run\n")
        print("wrote", path)
