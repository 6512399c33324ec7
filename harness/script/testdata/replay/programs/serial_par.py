"""primes.py as a student who joins each worker before starting the next
wrote it: its parallel mode runs the workers one at a time."""
import sys

import primes

if __name__ == "__main__":
    sys.argv = ["serial" if a == "par" else a for a in sys.argv]
    primes.main()
