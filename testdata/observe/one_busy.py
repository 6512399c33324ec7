# expect: not_parallel one_process
"""One process does all the work; no children at all."""
from burn import burn

if __name__ == "__main__":
    burn(1.0)
