"""Schemathesis extensions: how to generate the formats our OpenAPI document defines itself.

Loaded by contract/run.py (SCHEMATHESIS_HOOKS=hooks, PYTHONPATH=contract).
"""

import schemathesis
from hypothesis import strategies as st

# 统一社会信用代码 (GB 32100-2015), `format: uscc` in the spec: 18 characters whose last one is
# a check character over the first 17. No JSON Schema keyword can express a check digit, so the
# format names the rule and this strategy generates codes that satisfy it (the negative phase
# still sends codes that break the pattern).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_complete(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_CHARSET[(31 - total % 31) % 31]


schemathesis.openapi.format("uscc", st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17).map(uscc_complete))


# The server's own data, so that generated bodies can reach the rules past "this code does not
# exist": contract/run.py reads the dictionaries, groups, units and campaigns as the office and
# writes them to $LVYUE_CONTRACT_DATA; $LVYUE_CONTRACT_IDENTITY names the run (unit, office, …).
# A generated value is swapped for a real one chosen by the value's checksum, so that a seed
# still reproduces a run; schemathesis revalidates a changed body against the schema, so a
# negative case stays negative only if it still breaks the schema.
_DATA = None


def _data():
    global _DATA
    if _DATA is None:
        import json
        import os

        path = os.environ.get("LVYUE_CONTRACT_DATA")
        _DATA = json.load(open(path, encoding="utf-8")) if path else {}
    return _DATA


def _pick(options, seed_value):
    import zlib

    return options[zlib.crc32(repr(seed_value).encode()) % len(options)] if options else seed_value


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _real_id(ids, value):
    # Only a well-formed id is swapped: a value that breaks `format: uuid` is a negative case
    # and must reach the server as generated (the stateful phase does not revalidate the body).
    return _pick(ids, value) if isinstance(value, str) and _is_uuid(value) else value


def _real_ids(body, key, ids):
    value = body.get(key)
    if isinstance(value, str):
        body[key] = _real_id(ids, value)
    elif isinstance(value, list):
        body[key] = [_real_id(ids, v) for v in value]


@schemathesis.hook
def map_body(context, body):
    import os

    data = _data()
    if not data or not isinstance(body, dict) or context.operation is None:
        return body
    operation = context.operation.label
    identity = os.environ.get("LVYUE_CONTRACT_IDENTITY", "")
    if operation == "POST /api/v1/issues":
        if isinstance(body.get("category"), str):
            category = _pick(data["categories"], body["category"])
            original_type = body.get("problem_type")
            body["category"] = category
            if isinstance(original_type, str):
                body["problem_type"] = _pick(data["problem_types"][category], original_type)
        if isinstance(body.get("arrear_object"), str):
            body["arrear_object"] = _pick(data["arrear_objects"], body["arrear_object"])
        if isinstance(body.get("source"), str):
            body["source"] = "self_inspection" if identity == "unit" else _pick(data["sources"], body["source"])
        if isinstance(body.get("campaign_id"), str):
            body["campaign_id"] = data["campaign_id"]
        if isinstance(body.get("group_id"), str):
            if identity == "office":
                body["group_id"] = data["office_group_id"]
            else:
                body.pop("group_id")
    if operation == "POST /api/v1/issues/{id}/transitions":
        _real_ids(body, "responsible_unit_id", data["unit_ids"])
        _real_ids(body, "cooperating_unit_ids", data["unit_ids"])
        if isinstance(body.get("group_id"), str):
            body["group_id"] = data["office_group_id"]
    if operation in ("POST /api/v1/users", "PATCH /api/v1/users/{id}"):
        _real_ids(body, "unit_id", data["unit_ids"])
    if operation == "PATCH /api/v1/groups/{id}":
        _real_ids(body, "lead_unit_id", data["unit_ids"])
        _real_ids(body, "member_unit_ids", data["unit_ids"])
    return body
