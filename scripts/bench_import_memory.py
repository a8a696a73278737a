#!/usr/bin/env python3
"""Peak memory of the server during a 50,000-row JSON import (issue 6 target: under 500 MB).

Starts `lvyue serve` as its own process on a fresh SQLite database (or DATABASE_URL), imports
a 50,000-row JSON list through the API and reads the server's VmHWM from /proc. Usage:

    cargo build --release -p lvyue
    python3 scripts/bench_import_memory.py [path/to/lvyue]
"""
import json, os, secrets, socket, subprocess, sys, tempfile, time, urllib.request

binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "lvyue")
work = tempfile.mkdtemp(prefix="lvyue-mem-")
env = dict(os.environ, DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite://{work}/lvyue.db"), RUST_LOG="warn")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
env["LVYUE_BIND"] = f"127.0.0.1:{port}"
env["LVYUE_DATA_DIR"] = work
env.setdefault("LVYUE_JWT_SECRET", secrets.token_hex(64))  # required on PostgreSQL
subprocess.run([binary, "seed", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
server = subprocess.Popen([binary, "serve"], env=env)
base = f"http://127.0.0.1:{port}"


def status(field):
    with open(f"/proc/{server.pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def call(path, body=None, token=None, ctype="application/json"):
    req = urllib.request.Request(base + path, data=body, method="POST" if body is not None else "GET")
    req.add_header("content-type", ctype)
    if token:
        req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.load(r)


try:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/readyz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    token = call("/api/v1/auth/login", json.dumps({"username": "office", "password": "Lvyue#Demo2024"}).encode())["access_token"]
    rows = [
        {
            "title": f"J 导入问题 {i}",
            "description": "合同款逾期未付",
            "category": "机关事业单位拖欠企业账款",
            "problem_type": "延迟支付",
            "arrear_object": "工程",
            "source": "营商环境问题投诉",
            "source_ref": f"J-{i:06}",
            "enterprise_name": f"随州市导入测试{i % 997}有限公司",
            "enterprise_contact": "张经理",
            "enterprise_phone": "13871234567",
            "amount_involved": f"{1000 + i}.{i % 100:02}",
        }
        for i in range(50_000)
    ]
    body = json.dumps(rows, ensure_ascii=False).encode()
    before = status("VmRSS")
    t = time.time()
    report = call("/api/v1/imports", body, token)
    took = time.time() - t
    assert report["created"] == 50_000, report
    print(f"50,000-row JSON import ({len(body) / 1e6:.1f} MB): {took:.2f} s; server RSS before {before:.0f} MB, peak {status('VmHWM'):.0f} MB")
finally:
    server.terminate()
    server.wait()
