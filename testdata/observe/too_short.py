# expect: inconclusive too_little_work
"""One process that does a twentieth of a second of work: too little
CPU-bound work to judge, however long the machine makes it take."""
from burn import burn

if __name__ == "__main__":
    burn(0.05)
