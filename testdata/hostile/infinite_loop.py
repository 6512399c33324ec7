# limits: cpu=500ms wall=20s
# expect: limit=cpu diagnose=cpu_limit
"""Loops forever, burning CPU."""
if __name__ == "__main__":
    while True:
        pass
