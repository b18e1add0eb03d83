#!/usr/bin/env python3
"""Slow clients against the workshop server on loopback (see BENCHMARKS.md, "Workshop server").

1. 1,000 connections from ten addresses (127.0.0.1 to 127.0.0.10, 100 each) that each send half a
   request's headers and then nothing: a whole request must still be answered, and the server must
   close them (header_read_timeout_ms, 10 s by default; max_connections 512: the others wait).
2. 200 such connections from one address: max_connections_per_peer (128 by default) are held, the
   others answered 503 at once.
Usage: labs/servers/workshop-server/bench/slowloris.py [path/to/workshop-server]
"""
import socket, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/workshop-server"
port = 18192
data = tempfile.mkdtemp()
server = subprocess.Popen([binary, "--port", str(port), "--host", "127.0.0.1", "--data", data, "--site", data + "/none"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1)
HALF = b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cslow\r\nX-M2M-R"


def half_sent(source):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(30)
    s.connect(("127.0.0.1", port))
    s.sendall(HALF)
    s.setblocking(False)
    return s


def whole_request():
    t = time.time()
    c = socket.create_connection(("127.0.0.1", port), timeout=30)
    c.sendall(b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cok\r\nX-M2M-RI: 1\r\nConnection: close\r\n\r\n")
    reply = c.recv(100)
    c.close()
    return time.time() - t, reply[:12]


def watch(socks, opened, t0, limit=60):
    """When each socket was closed by the server, and whether it was answered 503 first."""
    closed, refused = {}, set()
    while len(closed) < len(socks) and time.time() - t0 < limit:
        for i, s in enumerate(socks):
            if i in closed:
                continue
            try:
                got = s.recv(4096)
                if got.startswith(b"HTTP/1.1 503"):
                    refused.add(i)
                if got == b"" or i in refused:
                    closed[i] = time.time() - t0
            except BlockingIOError:
                pass
            except OSError:
                closed[i] = time.time() - t0
        time.sleep(0.1)
    return closed, refused


try:
    socks, opened = [], []
    t0 = time.time()
    for i in range(1000):
        socks.append(half_sent(f"127.0.0.{1 + i % 10}"))
        opened.append(time.time() - t0)
        if i + 1 in (512, 700):
            print(f"connection {i + 1} sent at {opened[-1]:.2f} s")
    print(f"all 1000 half-sent requests sent by {time.time() - t0:.1f} s")
    took, reply = whole_request()
    print(f"a whole request then: answered in {took:.2f} s {reply!r}")
    closed, refused = watch(socks, opened, t0)
    held = sorted(closed[i] - opened[i] for i in closed if i not in refused)
    print(f"closed: {len(closed)} of 1000 by {max(closed.values()):.1f} s ({len(refused)} answered 503); "
          f"each held {held[0]:.1f} to {held[-1]:.1f} s after it was sent (median {held[len(held) // 2]:.1f})")

    socks, opened = [], []
    t0 = time.time()
    for i in range(200):
        socks.append(half_sent("127.0.0.1"))
        opened.append(time.time() - t0)
    closed, refused = watch(socks, opened, t0, limit=30)
    print(f"one address, 200 half-sent requests: {len(refused)} answered 503 at once, "
          f"{len(closed) - len(refused)} held until the header timeout")
finally:
    server.kill()
    server.wait()
