# expect: exit=0
# expect-isolated: stdout~^grader=hidden$ stdout~^found=no$ stdout~^pid1=hidden$
"""Walks its ancestors through /proc/PID/status, and for each tries to
read the program it runs, through /proc/PID/exe and through the path its
command line names: the grader's binary embeds the hidden checks and the
model answers. It looks for a string every mpgrade binary holds, and
tries pid 1 (isolated, mpgrade's helper) directly."""
import os

NEEDLE = b"__mpgrade_reaper__"


def parent_of(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("PPid:"):
                return int(line.split()[1])
    return 0


def try_read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


if __name__ == "__main__":
    pid, read, found, seen = os.getpid(), 0, False, []
    while pid > 0:
        try:
            pid = parent_of(pid)
        except OSError:
            break
        if pid <= 0:
            break
        cmdline = try_read("/proc/%d/cmdline" % pid) or b""
        seen.append(cmdline.split(b"\0")[0].decode(errors="replace"))
        candidates = ["/proc/%d/exe" % pid]
        if cmdline:
            candidates.append(cmdline.split(b"\0")[0].decode(errors="replace"))
        for path in candidates:
            data = try_read(path)
            if data:
                read += len(data)
                found = found or NEEDLE in data
    print("ancestors=" + " ".join(seen))
    print("grader=read %d bytes" % read if read else "grader=hidden")
    print("found=yes" if found else "found=no")
    pid1 = [p for p in ("/proc/1/cmdline", "/proc/1/exe", "/proc/1/environ") if try_read(p)]
    print("pid1=read " + " ".join(pid1) if pid1 else "pid1=hidden")
