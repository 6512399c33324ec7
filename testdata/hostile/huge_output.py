# limits: output_total=0 wall=60s cpu=60s
# expect: exit=0 truncated=true stdout_bytes>=1073741824 diagnose=output_cut
"""Writes 1 GiB to stdout: the grader must read it all without keeping it."""
import sys

if __name__ == "__main__":
    chunk = b"y" * (1 << 20)
    out = sys.stdout.buffer
    for _ in range(1024):
        out.write(chunk)
    out.flush()
