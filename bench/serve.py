#!/usr/bin/env python3
"""Times `briefgen serve` rebuilding after a one-annotation edit.

    bench/serve.py SITE [--runs 5] [--binary target/release/briefgen]

Starts `briefgen serve` on SITE, listens to its reload stream like a browser does, then
edits one note's text in the middle annotation RUNS times (and puts it back at the end).
Prints, per edit, the time from the save to the reload event, and the server's own
figures: pages rendered again, and the time to remake the feeds, exports and search index
after the reload. The edit keeps the brief's place in the site, so the rebuild is partial.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reload_events(port, events):
    """Appends the arrival time of every `reload` event to `events`."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET /__briefgen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buf = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip() == b"event: reload":
                events.append(time.monotonic())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("site")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "briefgen"))
    args = p.parse_args()
    folder = os.path.join(args.site, "content", "annotations")
    names = sorted(os.listdir(folder))
    path = os.path.join(folder, names[len(names) // 2])
    original = open(path, encoding="utf-8").read()
    if "body: " not in original:
        sys.exit(f"{path} has no note body to edit")
    port = free_port()
    log = []
    server = subprocess.Popen(
        [os.path.abspath(args.binary), "serve", "--port", str(port)],
        cwd=args.site,
        stderr=subprocess.PIPE,
        text=True,
    )

    def read_log():
        for line in server.stderr:
            log.append(line.rstrip("\n"))

    threading.Thread(target=read_log, daemon=True).start()
    try:
        start = time.monotonic()
        while not any(line.startswith("serving ") for line in log):
            if server.poll() is not None or time.monotonic() - start > 600:
                sys.exit("serve did not start:\n" + "\n".join(log))
            time.sleep(0.05)
        print(f"first build: {time.monotonic() - start:.2f} s ({next(l for l in log if l.startswith('built in'))})")
        events = []
        threading.Thread(target=reload_events, args=(port, events), daemon=True).start()
        time.sleep(0.5)
        waits = []
        for run in range(args.runs):
            seen = len(events)
            edited = original.replace("body: ", f"body: Edited ({run}). ", 1)
            saved = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(edited)
            while len(events) == seen and time.monotonic() - saved < 120:
                time.sleep(0.001)
            waits.append((events[-1] - saved) * 1000)
            time.sleep(3)  # the feeds, exports and search index are remade after the reload
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(3)
    finally:
        server.terminate()
        server.wait()
    rebuilt = [l for l in log if re.match(r"rebuilt \d+ pages", l) or l.startswith("built in")]
    publish = [l for l in log if l.startswith("feeds, exports")]
    print(f"edited {path}, {args.runs} times")
    print("save → reload event (ms, watcher debounce included): " + ", ".join(f"{w:.0f}" for w in waits))
    print(f"median: {statistics.median(waits):.0f} ms")
    print("server: " + " | ".join(rebuilt[1 : args.runs + 1]))
    print("then: " + " | ".join(publish[: args.runs]))


if __name__ == "__main__":
    main()
