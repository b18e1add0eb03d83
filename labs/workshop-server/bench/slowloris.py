#!/usr/bin/env python3
"""Slow clients against the workshop server on loopback (see BENCHMARKS.md, "Workshop server").

Opens 1,000 connections that each send half a request's headers and then nothing, checks that a whole
request is still answered, and reports when the server closed them (header_read_timeout_ms, 10 s by
default; max_connections 512: the others wait to be accepted).
Usage: labs/workshop-server/bench/slowloris.py [path/to/workshop-server]
"""
import socket, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/workshop-server"
port = 18192
data = tempfile.mkdtemp()
server = subprocess.Popen([binary, "--port", str(port), "--host", "127.0.0.1", "--data", data, "--site", data + "/none"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1)
def legit():
    t = time.time()
    c = socket.create_connection(("127.0.0.1", port), timeout=30)
    c.sendall(b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cok\r\nX-M2M-RI: 1\r\nConnection: close\r\n\r\n")
    reply = c.recv(100); c.close()
    return time.time() - t, reply[:12]
try:
    socks = []; opened = []
    t0 = time.time()
    for i in range(1000):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cslow\r\nX-M2M-R")
        s.setblocking(False); socks.append(s); opened.append(time.time() - t0)
        if i in (99, 511, 700): print(f"connection {i+1} opened at {opened[-1]:.2f} s")
    t_all = time.time() - t0
    print(f"all 1000 half-sent requests sent by {t_all:.1f} s")
    took, reply = legit(); print(f"a whole request right then: answered in {took:.2f} s {reply!r}")
    closed = {}
    while len(closed) < 1000 and time.time() - t0 < 60:
        for i, s in enumerate(socks):
            if i in closed: continue
            try:
                if s.recv(4096) == b"": closed[i] = time.time() - t0
            except BlockingIOError: pass
            except OSError: closed[i] = time.time() - t0
        time.sleep(0.1)
    held = sorted(closed[i] - opened[i] for i in closed)
    print(f"closed: {len(closed)} of 1000 by {max(closed.values()):.1f} s; each held {held[0]:.1f} to {held[-1]:.1f} s after it was sent (median {held[len(held)//2]:.1f})")
finally:
    server.kill(); server.wait()
