# expect: exit=0 diagnose=non_utf8_stdout
"""Writes bytes that are not UTF-8 to stdout."""
import sys

if __name__ == "__main__":
    sys.stdout.buffer.write(b"caf\xe9 \xff\xfe\n")
