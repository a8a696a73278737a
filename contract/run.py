#!/usr/bin/env python3
"""The API contract check (`make contract`, part of `make test`).

1. `openapi/openapi.json` passes openapi-spec-validator and Spectral (contract/spectral.yaml).
2. For each database (SQLite; PostgreSQL too with --postgres URL): a fresh database seeded with
   the demo data, `lvyue serve` on a free port, then
   - the example client (examples/lvyue_client.py) signs in, registers a problem, reads it back;
   - schemathesis with every check (`--checks all`), a fixed seed and a bounded number of
     examples per operation, once per identity: no token, a unit user (unit_finance), the
     office (office) and the system administrator (sysadmin).
3. The server is stopped and the database removed whatever happened; the exit status is 1 when
   any step failed. Reports (JUnit XML, the server log) are left in contract/reports/.

    python3 contract/run.py --bin target/debug/lvyue [--postgres URL] [--max-examples 25] [--seed 20241]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import struct
import json
import secrets
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "contract"
SPEC = ROOT / "openapi" / "openapi.json"
REPORTS = CONTRACT / "reports"
DEMO_PASSWORD = "Lvyue#Demo2024"

# (label, demo account or None for no token). Tokens are taken before any fuzzing: the
# anonymous run fuzzes POST /auth/login and may lock the demo accounts it guesses at.
IDENTITIES = [("anonymous", None), ("unit", "unit_finance"), ("office", "office"), ("sysadmin", "sysadmin")]


def step(title: str) -> None:
    print(f"\n== contract: {title}", flush=True)


def validate_spec(venv_bin: Path) -> bool:
    step("openapi-spec-validator")
    ok = subprocess.run([str(venv_bin / "openapi-spec-validator"), str(SPEC)]).returncode == 0
    step("Spectral (contract/spectral.yaml)")
    spectral = CONTRACT / "node_modules" / ".bin" / "spectral"
    cmd = [str(spectral), "lint", str(SPEC), "--ruleset", str(CONTRACT / "spectral.yaml"), "--fail-severity", "warn"]
    return subprocess.run(cmd).returncode == 0 and ok


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# `seed --demo` gives the demo administrators this TOTP secret (README, "Demo accounts").
DEMO_TOTP_SECRET = "LVYUEDEMOTOTPSECRETLVYUEDEMOTOTP"
_totp_steps: dict[str, int] = {}


def totp_code(secret: str, step: int) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def demo_totp_code(username: str) -> str:
    """A code the server has not seen from this account: each is good once, and the server
    accepts the steps now - 1 .. now + 1: now and now + 1 are taken here in turn (a step boundary
    passing before the server checks does no harm), waiting for the clock past them."""
    while True:
        now = int(time.time()) // 30
        step = max(_totp_steps.get(username, now - 1) + 1, now)
        if step <= now + 1:
            _totp_steps[username] = step
            return totp_code(DEMO_TOTP_SECRET, step)
        time.sleep(2)


def http_json(url: str, body: dict | None = None, token: str | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


class Server:
    """`lvyue seed --demo` then `lvyue serve` on a fresh database."""

    def __init__(self, binary: Path, database_url: str, workdir: Path, label: str):
        self.binary, self.database_url, self.workdir, self.label = binary, database_url, workdir, label
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = REPORTS / f"server-{label}.log"
        self.data_file = workdir / "live-data.json"
        self.proc: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            LVYUE_DATA_DIR=str(self.workdir),
            LVYUE_BIND=f"127.0.0.1:{self.port}",
            RUST_LOG=os.environ.get("RUST_LOG", "warn"),
        )
        # On PostgreSQL `serve` needs the shared key (the servers of a deployment share it).
        env.setdefault("LVYUE_JWT_SECRET", secrets.token_hex(64))
        env.pop("LVYUE_STATIC_DIR", None)
        return env

    def start(self) -> None:
        subprocess.run([str(self.binary), "seed", "--demo"], env=self.env(), cwd=self.workdir, check=True, stdout=subprocess.DEVNULL)
        # Every client signs in from 127.0.0.1: the per-address request rate is raised for the run.
        subprocess.run([str(self.binary), "settings", "set", "auth.login_requests_per_minute", "100000"], env=self.env(), cwd=self.workdir, check=True, stdout=subprocess.DEVNULL)
        self.proc = subprocess.Popen([str(self.binary), "serve"], env=self.env(), cwd=self.workdir, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        for _ in range(120):
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}); see {self.log}")
            try:
                if http_json(f"{self.url}/readyz").get("status") == "ok":
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.url}/readyz did not answer in 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def token(self, username: str) -> str:
        answer = http_json(f"{self.url}/api/v1/auth/login", {"username": username, "password": DEMO_PASSWORD})
        if answer.get("totp_required"):
            # The demo administrators' second factor: the documented demo secret (README).
            body = {"challenge": answer["challenge"], "code": demo_totp_code(username)}
            answer = http_json(f"{self.url}/api/v1/auth/login/totp", body)
        return answer["access_token"]

    def live_data(self, token: str) -> dict:
        """Codes and ids of the seeded data, for contract/hooks.py."""
        get = lambda path: http_json(f"{self.url}/api/v1/{path}", token=token)  # noqa: E731
        dictionaries, groups, units = get("dictionaries"), get("groups"), get("units")
        campaign = next(c for c in get("campaigns") if c["active"])
        active = lambda items: [i["code"] for i in items if i["active"]]  # noqa: E731
        categories = active(dictionaries["categories"])
        return {
            "categories": categories,
            "problem_types": {
                c: [t["code"] for t in dictionaries["problem_types"] if t["parent_code"] == c and t["active"]] for c in categories
            },
            "sources": active(dictionaries["sources"]),
            "arrear_objects": active(dictionaries["arrear_objects"]),
            "campaign_id": campaign["id"],
            "office_group_id": next(g["id"] for g in groups if g["code"] == "office"),
            "unit_ids": [u["id"] for u in units if u["active"]],
        }

    def server_errors(self) -> list[str]:
        """Panics or 5xx the server logged (a 500 is always a bug)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        # The server logs every 5xx at ERROR with its hidden cause (lvyue::middleware); actix's own
        # ERROR lines about unparsable requests it answered 400 are not ours.
        return [line for line in text.splitlines() if "panicked" in line or ("ERROR" in line and "lvyue" in line)]


def run_example_client(server: Server) -> bool:
    step(f"[{server.label}] example client (examples/lvyue_client.py)")
    cmd = [sys.executable, str(ROOT / "examples" / "lvyue_client.py"), "--url", server.url, "--username", "office"]
    return subprocess.run(cmd, env={**os.environ, "LVYUE_PASSWORD": DEMO_PASSWORD}).returncode == 0


def run_schemathesis(venv_bin: Path, server: Server, label: str, token: str | None, args: argparse.Namespace) -> tuple[bool, float]:
    step(f"[{server.label}] schemathesis as {label} (--checks all, seed {args.seed}, {args.max_examples} examples per operation)")
    cmd = [
        str(venv_bin / "st"), "--config-file", str(CONTRACT / "schemathesis.toml"), "--no-color",
        "run", str(SPEC), "--url", server.url,
        "--checks", "all",
        "--seed", str(args.seed),
        "--max-examples", str(args.max_examples),
        # One worker: with two, hypothesis describes strategies from several threads at once and
        # CPython 3.11's ast.parse is not thread safe ("AST constructor recursion depth mismatch").
        "--workers", "1",
        "--request-timeout", "30",
        "--report", "junit", "--report-junit-path", str(REPORTS / f"schemathesis-{server.label}-{label}.xml"),
    ]
    if token:
        cmd += ["--header", f"Authorization: Bearer {token}"]
        # Signing out would end the very session this run authenticates with; logout is fuzzed
        # in the anonymous run and tested in the API suite.
        cmd += ["--exclude-path", "/api/v1/auth/logout"]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "hooks",
        "PYTHONPATH": str(CONTRACT),
        "LVYUE_CONTRACT_DATA": str(server.data_file),
        "LVYUE_CONTRACT_IDENTITY": label,
    }
    started = time.monotonic()
    # (cwd: schemathesis keeps its cache in ./.schemathesis)
    ok = subprocess.run(cmd, env=env, cwd=REPORTS).returncode == 0
    return ok, time.monotonic() - started


def create_pg_database(admin_url: str) -> tuple[str, str]:
    name = f"lvyue_contract_{os.getpid()}"
    subprocess.run(["psql", admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True)
    base = admin_url.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def drop_pg_database(admin_url: str, name: str) -> None:
    subprocess.run(["psql", admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="the lvyue binary")
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get("LVYUE_CONTRACT_VENV", CONTRACT / ".venv")))
    parser.add_argument("--postgres", help="an admin URL of a PostgreSQL server: run against it too")
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CONTRACT_SEED", "20241")))
    args = parser.parse_args()

    venv_bin = args.venv / "bin"
    REPORTS.mkdir(exist_ok=True)
    started = time.monotonic()
    results: list[tuple[str, bool, float]] = []

    results.append(("spec validation + Spectral", validate_spec(venv_bin), 0.0))

    databases = [("sqlite", None)]
    if args.postgres:
        databases.append(("postgres", args.postgres))
    for db_label, admin_url in databases:
        workdir = Path(tempfile.mkdtemp(prefix=f"lvyue-contract-{db_label}-"))
        pg_name = None
        if admin_url:
            pg_name, database_url = create_pg_database(admin_url)
        else:
            database_url = f"sqlite://{workdir}/lvyue.db"
        server = Server(args.bin.resolve(), database_url, workdir, db_label)
        try:
            step(f"[{db_label}] seeding demo data and starting {server.url}")
            server.start()
            tokens = {label: server.token(user) if user else None for label, user in IDENTITIES}
            server.data_file.write_text(json.dumps(server.live_data(tokens["office"]), ensure_ascii=False))
            results.append((f"[{db_label}] example client", run_example_client(server), 0.0))
            for label, _ in IDENTITIES:
                ok, took = run_schemathesis(venv_bin, server, label, tokens[label], args)
                results.append((f"[{db_label}] schemathesis as {label}", ok, took))
            errors = server.server_errors()
            if errors:
                print("\n".join(errors[:20]), file=sys.stderr)
            results.append((f"[{db_label}] no panic or 500 in the server log", not errors, 0.0))
        finally:
            server.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            if admin_url and pg_name:
                drop_pg_database(admin_url, pg_name)

    step(f"summary ({time.monotonic() - started:.0f} s)")
    for name, ok, took in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f" ({took:.0f} s)" if took else ""))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
