"""primes.py as a student who pads the sequential time wrote it: its
sequential mode sleeps after counting."""
import sys

import primes

if __name__ == "__main__":
    sys.argv = ["padsleep" if a == "seq" else a for a in sys.argv]
    primes.main()
