"""The oracle's plan for quote approval: the quote's account size gives the segment's limit (the
policy in the required context: the instance's ``limits``, ``midFrom``, ``enterpriseFrom``); every
line within it -> Approved."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, OracleError


def solve(call: Calls, p: dict[str, Any]) -> str:
    staff = call("get_quote_account", quote_id=p["quoteId"])["numberOfEmployees"]
    lines = call("get_quote_line_items", quote_id=p["quoteId"])
    if not lines:
        raise OracleError(f"quote {p['quoteId']} has no line")
    segment = 0 if staff < p["midFrom"] else 1 if staff < p["enterpriseFrom"] else 2
    return p["approved"] if max(line["discount"] for line in lines) <= p["limits"][segment] else p["rejected"]
