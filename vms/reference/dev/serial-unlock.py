#!/usr/bin/env python3
"""Dev helper: waits on the guest's serial unix socket for systemd-cryptsetup's prompt (no newline
after it) and types the passphrase from a file; keeps the socket open until the unlock is seen.
Usage: serial-unlock.py SOCKET PASSPHRASE_FILE TIMEOUT_SECONDS"""
import socket, sys, time

sock_path, pass_file, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
passphrase = open(pass_file, "rb").read().rstrip(b"\n")
deadline = time.monotonic() + timeout
s = None
while s is None:
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(sock_path)
    except OSError:
        s = None
        if time.monotonic() > deadline:
            sys.exit("serial-unlock: cannot connect to " + sock_path)
        time.sleep(0.5)
s.settimeout(1.0)
seen = b""
typed_at = None
while time.monotonic() < deadline:
    try:
        chunk = s.recv(4096)
    except socket.timeout:
        continue
    if not chunk:
        break
    seen += chunk
    if typed_at is None and b"Please enter passphrase for disk" in seen:
        time.sleep(0.5)
        s.sendall(passphrase + b"\n")
        typed_at = len(seen)
        print("serial-unlock: passphrase typed", flush=True)
    if typed_at is not None:
        tail = seen[typed_at:]
        if b"Local Encrypted Volumes" in tail:
            print("serial-unlock: unlocked", flush=True)
            sys.exit(0)
        if b"Please enter passphrase for disk" in tail:
            sys.exit("serial-unlock: asked again (wrong passphrase?)")
sys.exit("serial-unlock: timed out; last output:\n" + seen[-2000:].decode("utf-8", "replace"))
