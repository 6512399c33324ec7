# expect: exit=0 stdout~^loopback=ok$
# expect-isolated: stdout~^connect=refused$ stdout~^interfaces=lo$ stdout~^routes=0$
"""Looks at the network: connects to a listener of the grader's side on
127.0.0.1 (HOSTILE_LISTEN), lists the interfaces and the routes it sees,
and talks to itself over loopback, which must keep working (a program may
use sockets between its own processes)."""
import os
import socket

if __name__ == "__main__":
    host, port = os.environ["HOSTILE_LISTEN"].rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=2) as s:
            s.sendall(b"hello from the run\n")
        print("connect=ok")
    except OSError as e:
        print("connect=refused")
        print("connect_error=" + type(e).__name__)
    print("interfaces=" + ",".join(sorted(name for _, name in socket.if_nameindex())))
    routes = 0
    for table in ("/proc/net/route", "/proc/net/ipv6_route"):
        try:
            with open(table) as f:
                lines = f.read().splitlines()
        except OSError:
            continue
        if table.endswith("/route"):
            lines = lines[1:]  # the header
        # Loopback's own routes (lo) are not a way out.
        routes += sum(1 for line in lines if line.split() and line.split()[-1] != "lo" and line.split()[0] != "lo")
    print("routes=%d" % routes)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    conn, _ = server.accept()
    client.sendall(b"ping")
    print("loopback=ok" if conn.recv(4) == b"ping" else "loopback=broken")
