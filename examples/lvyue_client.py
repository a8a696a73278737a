#!/usr/bin/env python3
"""A small client of the Lvyue API (standard library only), for integrators to start from.

It signs in, registers a problem and reads it back, the way the office's import scripts and
the government portal do:

    python3 examples/lvyue_client.py --url http://127.0.0.1:8080 --username office

The password comes from --password or the LVYUE_PASSWORD environment variable (the demo
accounts of `lvyue seed --demo` use Lvyue#Demo2024). With --api-key (or LVYUE_API_KEY) it
authenticates with an API key instead of signing in. Every error is the server's
problem+json (RFC 9457): the client prints its `code`, `detail` and field errors and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from typing import Any

API = "/api/v1"

# GB 32100-2015: 18 characters, the last one a check character over the first 17.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_complete(first17: str) -> str:
    """Adds the check character to the first 17 characters of a 统一社会信用代码."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_CHARSET[(31 - total % 31) % 31]


class ApiProblem(Exception):
    """A problem+json answer (or a transport failure) turned into an exception."""

    def __init__(self, status: int, problem: dict[str, Any]):
        self.status = status
        self.problem = problem
        fields = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in problem.get("errors") or [])
        super().__init__(f"HTTP {status} {problem.get('code')}: {problem.get('detail')}" + (f" ({fields})" if fields else ""))


class LvyueClient:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token: str | None = None

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Message, Any]:
        """One call: (status, headers (case-insensitive), decoded JSON or None)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                raw = res.read()
                payload = json.loads(raw) if raw else None
                return res.status, res.headers, payload
        except urllib.error.HTTPError as err:
            raw = err.read()
            ctype = err.headers.get("Content-Type", "")
            problem = json.loads(raw) if raw and "json" in ctype else {"code": "http_error", "detail": raw.decode("utf-8", "replace")}
            raise ApiProblem(err.code, problem) from None

    def login(self, username: str, password: str, totp_code: str | None = None) -> dict[str, Any]:
        """Signs in. An account with a second factor answers 202 with a challenge first; it is
        completed with the authenticator's current code (or a recovery code)."""
        status, _, tokens = self.request("POST", f"{API}/auth/login", {"username": username, "password": password})
        if status == 202:
            if not totp_code:
                raise SystemExit(f"{username} signs in with a second factor: give --totp-code")
            body = {"challenge": tokens["challenge"], "code": totp_code}
            _, _, tokens = self.request("POST", f"{API}/auth/login/totp", body)
        self.token = tokens["access_token"]
        return tokens["user"]

    def use_api_key(self, key: str) -> None:
        self.token = key

    def register(self, problem: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Registers a problem; answers it and its Location."""
        status, headers, issue = self.request("POST", f"{API}/issues", problem)
        assert status == 201, status
        return issue, headers.get("Location", "")

    def get_issue(self, issue_id: str) -> tuple[dict[str, Any], str]:
        """A problem and its ETag (send it back as If-Match to change it)."""
        _, headers, issue = self.request("GET", f"{API}/issues/{issue_id}")
        return issue, headers.get("ETag", "")

    def timeline(self, issue_id: str) -> list[dict[str, Any]]:
        _, _, entries = self.request("GET", f"{API}/issues/{issue_id}/timeline")
        return entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("LVYUE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--username", default="office")
    parser.add_argument("--password", default=os.environ.get("LVYUE_PASSWORD"))
    parser.add_argument("--api-key", default=os.environ.get("LVYUE_API_KEY"))
    parser.add_argument("--totp-code", default=os.environ.get("LVYUE_TOTP_CODE"), help="the authenticator's code, for an account with a second factor")
    args = parser.parse_args()

    client = LvyueClient(args.url)
    try:
        if args.api_key:
            client.use_api_key(args.api_key)
            print("using an API key")
        else:
            if not args.password:
                parser.error("give --password (or LVYUE_PASSWORD), or --api-key")
            user = client.login(args.username, args.password, args.totp_code)
            print(f"signed in as {user['username']} ({user['display_name']}, {user['unit']['name']})")

        # A reference of our own makes the registration idempotent: a person's second
        # registration answers 409 with the problem already registered under it; an API key's
        # re-push answers 200 with the problem.
        ref = f"EXAMPLE-{int(time.time() * 1000)}"
        uscc = uscc_complete("91421303MA49" + str(int(time.time()) % 100000).zfill(5))
        problem = {
            "title": "示例客户端登记: 某街道拖欠保洁服务费",
            "description": "由 examples/lvyue_client.py 登记, 用于核对接口契约。",
            "category": "agency_arrears",
            "problem_type": "agency_delay",
            "arrear_object": "services",
            "source": "complaint",
            "source_ref": ref,
            "enterprise_name": "随州市示例保洁服务有限公司",
            "enterprise_uscc": uscc,
            "enterprise_phone": "13871234567",
            "amount_involved_fen": 1_234_500,
        }
        created, location = client.register(problem)
        print(f"registered {created['number']} (state {created['state']}) at {location}")

        issue, etag = client.get_issue(created["id"])
        # An API key reads the public view (`view: "public"`): number, state, dates, category,
        # the responsible unit's name; never staff names, measures or comments (no timeline).
        public = issue.get("view") == "public"
        fields = ("title", "category", "enterprise_name", "source_ref") if public else ("title", "description", "category", "enterprise_name", "enterprise_uscc", "amount_involved_fen", "source_ref")
        expected = {k: problem[k] for k in fields}
        actual = {k: issue[k] for k in expected}
        if actual != expected:
            print(f"read back differs:\n  sent {expected}\n  got  {actual}", file=sys.stderr)
            return 1
        if not location.endswith(created["id"]) or not etag:
            print(f"missing Location ({location!r}) or ETag ({etag!r})", file=sys.stderr)
            return 1
        if public:
            print(f"read back (public view): {issue['number']} {issue['state_label']}, version {issue['version']}, ETag {etag}")
        else:
            entries = client.timeline(created["id"])
            print(f"read back: {issue['number']} version {issue['version']}, ETag {etag}, {len(entries)} timeline entr{'y' if len(entries) == 1 else 'ies'}, allowed actions {issue['allowed_actions']}")

        if args.api_key:
            # An integration's re-push of its own reference is idempotent (200, the same problem);
            # changed content would be recorded as 补充材料 on the problem's timeline.
            status, _, again = client.request("POST", f"{API}/issues", problem)
            if status != 200 or again["id"] != created["id"]:
                print(f"re-push answered {status} {again}", file=sys.stderr)
                return 1
            print(f"second push of {ref}: 200, unchanged → {again['number']}")
            return 0
        try:
            client.register(problem)
            print("registering the same reference twice was accepted", file=sys.stderr)
            return 1
        except ApiProblem as dup:
            if dup.status != 409 or dup.problem.get("existing_id") != created["id"]:
                raise
            print(f"second registration of {ref}: 409 {dup.problem['code']} → {dup.problem['existing_number']}")
    except ApiProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    except urllib.error.URLError as err:
        print(f"cannot reach {args.url}: {err.reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
