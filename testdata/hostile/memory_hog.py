# limits: memory=128MiB cpu=20s wall=20s
# expect: limit=memory diagnose=memory_limit
"""Allocates memory, and touches it, until something stops it."""
if __name__ == "__main__":
    hoard = []
    while True:
        hoard.append(b"x" * (8 << 20))
