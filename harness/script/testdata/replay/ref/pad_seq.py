"""The reference of pad_seq.py: primes.py as it is."""
import primes

if __name__ == "__main__":
    primes.main()
