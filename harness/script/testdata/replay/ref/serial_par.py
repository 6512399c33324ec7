"""The reference of serial_par.py: primes.py as it is."""
import primes

if __name__ == "__main__":
    primes.main()
