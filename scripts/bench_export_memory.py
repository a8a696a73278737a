#!/usr/bin/env python3
"""Peak memory of the server under 10 concurrent exports of 100,000 problems (issue #14's target:
below 400 MB), and what the export concurrency limit does with the same burst.

Starts `lvyue serve` as its own process (release build, fresh SQLite database, or DATABASE_URL),
imports 100,000 problems through the API (two 50,000-row JSON imports), restarts the server,
then starts 10 XLSX exports at once (then 10 CSV exports), twice: with LVYUE_EXPORT_CONCURRENCY=10 (all ten run together: the memory
figure) and with the default (2; the others answer 503 with Retry-After). Usage:

    cargo build --release -p lvyue
    python3 scripts/bench_export_memory.py [path/to/lvyue]
"""
import json, sys, threading, time, urllib.error, urllib.request

from lvyue_bench import Server, import_rows, release_binary

binary = release_binary(sys.argv[1:])
EXPORTS = 10


def fill(server, token):
    for part in ("A", "B"):
        report = server.call("/api/v1/imports", json.dumps(import_rows(50_000, part), ensure_ascii=False).encode(), token)
        assert report["created"] == 50_000, report


def export_burst(server, token, fmt):
    """Starts EXPORTS downloads at once; answers (statuses, bytes per download, seconds)."""
    results = [None] * EXPORTS

    def one(i):
        req = urllib.request.Request(f"{server.base}/api/v1/exports/issues.{fmt}")
        req.add_header("authorization", "Bearer " + token)
        size = 0
        try:
            with urllib.request.urlopen(req, timeout=900) as r:
                while chunk := r.read(1 << 16):
                    size += len(chunk)
                results[i] = (r.status, size)
        except urllib.error.HTTPError as e:
            results[i] = (e.code, 0)

    t = time.time()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(EXPORTS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results, time.time() - t


for label, extra in (("concurrency 10", {"LVYUE_EXPORT_CONCURRENCY": EXPORTS}), ("default concurrency", {})):
    server = Server(binary, **extra)
    try:
        token = server.login()
        t = time.time()
        fill(server, token)
        filled = time.time() - t
        # The imports' memory is the imports' (scripts/bench_import_memory.py): measure the
        # exports on a process that has done nothing else.
        server.restart()
        token = server.login()
        for fmt in ("xlsx", "csv"):
            rest = server.memory_mb("VmRSS")
            results, took = export_burst(server, token, fmt)
            statuses = sorted(s for s, _ in results)
            sizes = {round(b / 1e6, 1) for s, b in results if s == 200}
            print(
                f"{label}: {EXPORTS} × {fmt} of 100,000 problems (filled in {filled:.0f} s): {took:.1f} s, "
                f"statuses {statuses}, {sizes} MB each; RSS at rest {rest:.0f} MB, peak {server.memory_mb('VmHWM'):.0f} MB"
            )
    finally:
        server.stop()
