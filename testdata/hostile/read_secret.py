# expect: exit=0
# expect-root: stdout~(denied|absent)\s+denied
# expect-isolated: stdout~^absent
"""Tries to read a file only the grader may read (a model answer, hidden
tests) and to list the folder above its own. Isolated, the file is not
even there."""
import os

if __name__ == "__main__":
    try:
        with open(os.environ["SECRET_FILE"]) as f:
            print("read:", f.read())
    except PermissionError:
        print("denied")
    except FileNotFoundError:
        print("absent")
    try:
        print("listed:", os.listdir(".."))
    except PermissionError:
        print("denied")
