#!/usr/bin/env python3
"""Per hostile file: the server's answer, the time to answer and its extra peak memory.

Issue #14's target: any single hostile file costs the server less than 64 MB above its resident
memory at rest. A test cannot measure that (the server runs inside the test process), so this
script starts `lvyue serve` as a process of its own (release build, fresh SQLite database, or
DATABASE_URL), sends each file of tests/hostile as a dry-run import, and reads the server's
VmHWM from /proc. Each file gets a server of its own (memory freed by an earlier file would
otherwise be reused and hide a later one's peak); it is sent three times, and the median time
and the highest peak above the resident memory before it are shown.
Usage:

    cargo build --release -p lvyue
    python3 scripts/bench_hostile_files.py [path/to/lvyue]

The files are written by `cargo test -p lvyue --test hostile -- --write-files DIR` (run here
unless --files DIR names a directory that already holds them).
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request

args = sys.argv[1:]
files_dir = None
if "--files" in args:
    i = args.index("--files")
    files_dir = args[i + 1]
    del args[i : i + 2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = args[0] if args else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")), "release", "lvyue")
work = tempfile.mkdtemp(prefix="lvyue-hostile-")
if files_dir is None:
    files_dir = os.path.join(work, "files")
    listing = subprocess.run(
        ["cargo", "test", "-q", "-p", "lvyue", "--test", "hostile", "--", "--write-files", files_dir],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
else:
    listing = None
cases = []
for name in sorted(os.listdir(files_dir)):
    ext = name.rsplit(".", 1)[-1]
    ctype = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls": "application/vnd.ms-excel",
        "csv": "text/csv",
        "json": "application/json",
    }[ext]
    cases.append((name, ctype))

env = dict(os.environ, DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite://{work}/lvyue.db"), RUST_LOG="warn")
env.setdefault("LVYUE_JWT_SECRET", "hostile-bench-secret-hostile-bench-secret")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env["LVYUE_BIND"] = f"127.0.0.1:{port}"
env["LVYUE_DATA_DIR"] = work
subprocess.run([binary, "seed", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
server = None


def status(field):
    with open(f"/proc/{server.pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak():
    with open(f"/proc/{server.pid}/clear_refs", "w") as f:
        f.write("5")


def start():
    global server
    server = subprocess.Popen([binary, "serve"], env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/readyz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    req = urllib.request.Request(base + "/api/v1/auth/login", data=json.dumps({"username": "office", "password": "Lvyue#Demo2024"}).encode(), method="POST")
    req.add_header("content-type", "application/json")
    return json.load(urllib.request.urlopen(req))["access_token"]


def stop():
    server.terminate()
    server.wait()


print(f"{'file':<28} {'size':>10}  {'answer':<30} {'time':>9}  {'at rest':>8}  {'extra peak RSS':>14}")
worst = 0.0
try:
    for name, ctype in cases:
        token = start()
        body = open(os.path.join(files_dir, name), "rb").read()
        times, peaks = [], []
        rest = status("VmRSS")
        for _ in range(3):
            time.sleep(0.3)
            before = status("VmRSS")
            reset_peak()
            req = urllib.request.Request(base + "/api/v1/imports?dry_run=true", data=body, method="POST")
            req.add_header("content-type", ctype)
            req.add_header("authorization", "Bearer " + token)
            t = time.time()
            try:
                with urllib.request.urlopen(req, timeout=600) as r:
                    answer = f"{r.status} " + str(json.load(r).get("committed"))
            except urllib.error.HTTPError as e:
                answer = f"{e.code} " + json.load(e).get("code", "")
            times.append(time.time() - t)
            peaks.append(status("VmHWM") - before)
        stop()
        took, extra = sorted(times)[1], max(peaks)
        worst = max(worst, extra)
        print(f"{name:<28} {len(body):>10}  {answer:<30} {took * 1000:>7.0f} ms  {rest:>5.0f} MB  {extra:>11.1f} MB")
    print(f"worst extra peak: {worst:.1f} MB (target < 64 MB)")
finally:
    if server and server.poll() is None:
        stop()
