# expect: exit=0
# expect-isolated: stdout~^foreign=0$ stdout~^outside=absent$
"""Lists every process it can see, and signals a process outside the run
(a sleep the test started as the run's own user, OUTSIDE_PID) with
SIGKILL."""
import os
import signal


def family():
    """Every process visible, by its parent; and this process with its
    ancestors and its descendants."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    parents[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    mine, pid = {os.getpid()}, os.getpid()
    while parents.get(pid, 0) > 0:
        pid = parents[pid]
        mine.add(pid)
    below, grew = {os.getpid()}, True
    while grew:
        more = {p for p, pp in parents.items() if pp in below} - below
        below |= more
        grew = bool(more)
    return parents, mine | below


if __name__ == "__main__":
    parents, mine = family()
    foreign = sorted(p for p in parents if p not in mine)
    print("visible=%d" % len(parents))
    print("foreign=%d" % len(foreign))
    target = int(os.environ["OUTSIDE_PID"])
    try:
        os.kill(target, signal.SIGKILL)
        print("outside=killed")
    except ProcessLookupError:
        print("outside=absent")
    except PermissionError:
        print("outside=denied")
