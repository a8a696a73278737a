#!/usr/bin/env python3
"""Peak memory of the server during a 50,000-row JSON import (issue 6 target: under 500 MB).

Starts `lvyue serve` as its own process on a fresh SQLite database (or DATABASE_URL), imports
a 50,000-row JSON list through the API and reads the server's VmHWM from /proc. Usage:

    cargo build --release -p lvyue
    python3 scripts/bench_import_memory.py [path/to/lvyue]
"""
import json, sys, time

from lvyue_bench import Server, import_rows, release_binary

server = Server(release_binary(sys.argv[1:]))
try:
    token = server.login()
    body = json.dumps(import_rows(50_000, "J"), ensure_ascii=False).encode()
    before = server.memory_mb("VmRSS")
    t = time.time()
    report = server.call("/api/v1/imports", body, token)
    took = time.time() - t
    assert report["created"] == 50_000, report
    print(f"50,000-row JSON import ({len(body) / 1e6:.1f} MB): {took:.2f} s; server RSS before {before:.0f} MB, peak {server.memory_mb('VmHWM'):.0f} MB")
finally:
    server.stop()
