# expect: limit=output truncated=true diagnose=output_limit
"""Prints forever."""
if __name__ == "__main__":
    while True:
        print("all work and no play " * 8)
