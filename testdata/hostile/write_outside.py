# expect: exit=0
# expect-root: stdout~denied\s+denied
"""Tries to write outside its own folder: next to it, and into a folder of
the grader."""
import os

if __name__ == "__main__":
    for target in (os.path.join("..", "escaped.txt"),
                   os.path.join(os.environ["OUTSIDE_DIR"], "escaped.txt")):
        try:
            with open(target, "w") as f:
                f.write("escaped")
            print("wrote", target)
        except PermissionError:
            print("denied")
