"""Shared by the benchmark scripts: a `lvyue serve` process of its own on a fresh database, its
memory read from /proc, and small HTTP helpers. Not a test: nothing here runs in CI."""
import json, os, secrets, socket, subprocess, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO_PASSWORD = "Lvyue#Demo2024"


def release_binary(argv):
    """The binary named on the command line, else the release build."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return argv[0] if argv else os.path.join(target, "release", "lvyue")


class Server:
    """`lvyue seed --demo` then `lvyue serve` on a fresh SQLite database (or DATABASE_URL)."""

    def __init__(self, binary, **env_extra):
        self.work = tempfile.mkdtemp(prefix="lvyue-bench-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, RUST_LOG="warn", LVYUE_BIND=f"127.0.0.1:{port}", LVYUE_DATA_DIR=self.work)
        self.env.setdefault("DATABASE_URL", f"sqlite://{self.work}/lvyue.db")
        self.env.setdefault("LVYUE_JWT_SECRET", secrets.token_hex(64))  # required on PostgreSQL
        self.env.update({k: str(v) for k, v in env_extra.items()})
        subprocess.run([binary, "seed", "--demo"], env=self.env, check=True, stdout=subprocess.DEVNULL)
        # One client signs in many times from 127.0.0.1.
        subprocess.run([binary, "settings", "set", "auth.login_requests_per_minute", "100000"], env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.binary = binary
        self.start()

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("the server did not become ready")

    def memory_mb(self, field):
        """VmRSS (now) or VmHWM (peak) of the server, in MB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def call(self, path, body=None, token=None, ctype="application/json", timeout=600):
        req = urllib.request.Request(self.base + path, data=body, method="POST" if body is not None else "GET")
        req.add_header("content-type", ctype)
        if token:
            req.add_header("authorization", "Bearer " + token)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)

    def login(self, username="office"):
        body = json.dumps({"username": username, "password": DEMO_PASSWORD}).encode()
        return self.call("/api/v1/auth/login", body)["access_token"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()

    def restart(self):
        """A fresh process on the same database (memory an earlier request left behind gone)."""
        self.stop()
        self.start()


def import_rows(n, prefix="B"):
    """`n` JSON import rows (the shape the import template documents)."""
    return [
        {
            "title": f"{prefix} 导入问题 {i}",
            "description": "合同款逾期未付",
            "category": "机关事业单位拖欠企业账款",
            "problem_type": "延迟支付",
            "arrear_object": "工程",
            "source": "营商环境问题投诉",
            "source_ref": f"{prefix}-{i:06}",
            "enterprise_name": f"随州市导入测试{i % 997}有限公司",
            "enterprise_contact": "张经理",
            "enterprise_phone": "13871234567",
            "amount_involved": f"{1000 + i}.{i % 100:02}",
        }
        for i in range(n)
    ]
