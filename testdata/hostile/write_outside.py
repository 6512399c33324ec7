# expect: exit=0
# expect-root: stdout~denied\s+(denied|absent)
# expect-isolated: stdout~absent$
"""Tries to write outside its own folder: next to it, and into a folder of
the grader. Isolated, the grader's folder is not even there."""
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
        except FileNotFoundError:
            print("absent")
