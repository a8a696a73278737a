#!/usr/bin/env python3
"""A portal simulator (standard library only): what a 12345 / 营商环境投诉 platform does with Lvyue.

It pushes complaints with an integration client's key, receives the signed webhooks on a small
HTTP endpoint of its own (verifying each signature and deduplicating by delivery id), follows the
change feed with its cursor, and prints the replies to the enterprise:

    # the server must be allowed to call back to this machine (a local address):
    LVYUE_WEBHOOK_ALLOW=127.0.0.1 lvyue serve &
    python3 examples/portal_simulator.py --url http://127.0.0.1:8080 --setup --drive

--setup     signs in as the system administrator (--admin, password from --admin-password or
            LVYUE_ADMIN_PASSWORD; the demo's is Lvyue#Demo2024), creates the client (--client-name,
            --source), a key and a webhook to this simulator's endpoint. Without it, pass the key
            (--api-key / LVYUE_API_KEY) and the webhook's secret (--secret / LVYUE_WEBHOOK_SECRET),
            and point the webhook at --listen.
--drive     also signs in as the office (demo account `office`) to assign each problem and write
            the reply to the enterprise, so that events and replies come back.

Exit status 0 when every webhook received was correctly signed and every expected event came;
1 otherwise (the problem+json of a refused call is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from datetime import date, timedelta
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvyue_client import API, ApiProblem, LvyueClient  # noqa: E402

# A signature older or newer than this is refused (replay protection).
TOLERANCE_SECONDS = 300


def verify_signature(secret: str, timestamp: str, body: bytes, header: str, now: float | None = None) -> bool:
    """Checks `X-Lvyue-Signature: sha256=<hex>` against HMAC-SHA256(secret, "{timestamp}." + body),
    in constant time, and that the timestamp is recent."""
    if not header.startswith("sha256=") or not timestamp.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :])


class Inbox:
    """What the endpoint received: each delivery once, in arrival order; bad signatures counted."""

    def __init__(self, secret: str):
        self.secret = secret
        self.events: list[dict[str, Any]] = []
        self.seen: set[str] = set()
        self.bad = 0
        self.duplicates = 0
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

    def receive(self, headers: Any, body: bytes) -> int:
        ok = verify_signature(self.secret, headers.get("X-Lvyue-Timestamp", ""), body, headers.get("X-Lvyue-Signature", ""))
        with self.lock:
            if not ok:
                self.bad += 1
                print("  ✗ 签名无效, 拒收", file=sys.stderr)
                return 401
            delivery = headers.get("X-Lvyue-Delivery", "")
            if delivery in self.seen:
                # A retry or a redelivery of what we already have: acknowledge, do nothing.
                self.duplicates += 1
                return 200
            self.seen.add(delivery)
            event = json.loads(body)
            self.events.append(event)
            data = event.get("data") or {}
            reply = (data.get("reply") or {}).get("body")
            print(f"  ← webhook {event['event']:<24} {data.get('number')} {data.get('source_ref')} {data.get('state')}"
                  + (f"  答复: {reply}" if reply else ""))
            self.changed.notify_all()
            return 200

    def wait_for(self, predicate, timeout: float) -> bool:
        deadline = time.time() + timeout
        with self.lock:
            while not predicate(self.events):
                left = deadline - time.time()
                if left <= 0:
                    return False
                self.changed.wait(left)
            return True


def serve(inbox: Inbox, host: str, port: int) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            status = inbox.receive(self.headers, self.rfile.read(length))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def complaint(ref: str, source: str) -> dict[str, Any]:
    return {
        "title": "门户转来的投诉: 工程款逾期未付",
        "description": "企业反映校舍维修工程验收合格后逾期半年未付款。",
        "category": "agency_arrears",
        "problem_type": "agency_delay",
        "enterprise_name": "随州市某建筑有限公司",
        "source": source,
        "source_ref": ref,
    }


def setup(base: str, args: argparse.Namespace, endpoint: str) -> tuple[str, str]:
    """Creates the client, a key and a webhook to `endpoint` as the system administrator."""
    admin = LvyueClient(base)
    admin.login(args.admin, args.admin_password or os.environ.get("LVYUE_ADMIN_PASSWORD", "Lvyue#Demo2024"),
                args.totp_code)
    name = f"{args.client_name} {secrets.token_hex(3)}"
    _, _, client = admin.request("POST", f"{API}/integration-clients", {"name": name, "source": args.source})
    _, _, created = admin.request("POST", f"{API}/integration-clients/{client['id']}/keys",
                                  {"scopes": ["issues:read", "issues:write"]})
    secret = "whsec_" + secrets.token_hex(24)
    _, _, hook = admin.request("POST", f"{API}/integration-clients/{client['id']}/webhooks",
                               {"url": endpoint, "events": ["*"], "secret": secret})
    print(f"客户端 {name} (来源 {args.source}); 密钥 {created['key']['prefix']}…; Webhook → {hook['url']}")
    return created["secret"], secret


def follow_feed(portal: LvyueClient, cursor: str | None, since: str) -> tuple[str | None, list[dict[str, Any]]]:
    """One pass over the change feed from `cursor` (or `since`): the problems changed, the new cursor."""
    changed: list[dict[str, Any]] = []
    while True:
        query = {"cursor": cursor} if cursor else {"updated_since": since}
        _, _, page = portal.request("GET", f"{API}/issues?" + urllib.parse.urlencode(query))
        changed.extend(page["items"])
        cursor = page["next_cursor"]
        if not page.get("has_more"):
            return cursor, changed


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--listen", default="127.0.0.1:0", help="host:port of the webhook endpoint (port 0: any free port)")
    p.add_argument("--setup", action="store_true")
    p.add_argument("--admin", default="sysadmin")
    p.add_argument("--admin-password")
    p.add_argument("--totp-code", default=os.environ.get("LVYUE_TOTP_CODE"),
                   help="the administrator's authenticator code (administrators sign in with a second factor)")
    p.add_argument("--client-name", default="营商环境投诉平台(模拟)")
    p.add_argument("--source", default="complaint")
    p.add_argument("--api-key", default=os.environ.get("LVYUE_API_KEY"))
    p.add_argument("--secret", default=os.environ.get("LVYUE_WEBHOOK_SECRET"))
    p.add_argument("--drive", action="store_true")
    p.add_argument("--count", type=int, default=2, help="complaints to push")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the webhooks")
    args = p.parse_args()

    host, port = args.listen.rsplit(":", 1)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 5))
    try:
        inbox = Inbox("")
        server = serve(inbox, host, int(port))
        endpoint = f"http://{host}:{server.server_address[1]}/lvyue/events"
        print(f"Webhook 接收端: {endpoint}")
        if args.setup:
            key, inbox.secret = setup(args.url, args, endpoint)
        else:
            if not args.api_key or not args.secret:
                print("需要 --setup, 或 --api-key 与 --secret", file=sys.stderr)
                return 2
            key, inbox.secret = args.api_key, args.secret

        portal = LvyueClient(args.url)
        portal.use_api_key(key)
        run = secrets.token_hex(3).upper()
        issues = []
        for i in range(args.count):
            ref = f"SIM-{run}-{i + 1}"
            issue, _ = portal.register(complaint(ref, args.source))
            issues.append(issue)
            print(f"→ 推送 {ref}: {issue['number']} {issue['state_label']}")
        # A re-push of the same content is idempotent: 200 with the same problem.
        status, _, same = portal.request("POST", f"{API}/issues", complaint(f"SIM-{run}-1", args.source))
        assert status == 200 and same["id"] == issues[0]["id"], (status, same)
        print(f"→ 重复推送 SIM-{run}-1: {status}, 同一问题 {same['number']}")

        expected = {(i["id"], "issue.registered") for i in issues}
        if args.drive:
            office = LvyueClient(args.url)
            office.login("office", os.environ.get("LVYUE_OFFICE_PASSWORD", "Lvyue#Demo2024"))
            _, _, units = office.request("GET", f"{API}/units")
            education = next(u["id"] for u in units if u["code"] == "education")
            deadline = (date.today() + timedelta(days=30)).isoformat()
            for issue in issues:
                office.request("POST", f"{API}/issues/{issue['id']}/transitions",
                               {"action": "assign", "responsible_unit_id": education, "deadline": deadline})
                office.request("PUT", f"{API}/issues/{issue['id']}/reply",
                               {"body": f"已交区教育局办理, 将于 {deadline} 前答复。"})
                expected |= {(issue["id"], "issue.assigned"), (issue["id"], "issue.replied")}
            print(f"→ 办公室交办并答复 {len(issues)} 件")

        got = lambda events: expected <= {((e.get("data") or {}).get("issue_id"), e["event"]) for e in events}  # noqa: E731
        arrived = inbox.wait_for(got, args.timeout)
        cursor, changed = follow_feed(portal, None, started)
        print(f"变更订阅: {len(changed)} 件有变化, 游标 {cursor}")
        for item in changed:
            reply = (item.get("reply") or {}).get("body")
            print(f"  {item['number']} {item['source_ref']} {item['state_label']}" + (f"  答复: {reply}" if reply else ""))
        print(f"收到 {len(inbox.events)} 个事件, 重复 {inbox.duplicates}, 签名无效 {inbox.bad}")
        server.shutdown()
        if not arrived:
            print("等待超时: 未收到全部事件 (服务端是否设置了 LVYUE_WEBHOOK_ALLOW=127.0.0.1?)", file=sys.stderr)
            return 1
        return 0 if inbox.bad == 0 else 1
    except ApiProblem as err:
        print(err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
