"""The oracle's plan for named entity disambiguation: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of
from crmarena.queries.model import NONE_ANSWER


def solve(call: Calls, p: dict[str, Any]) -> str:
    account = call("get_account_id_by_contact_id", contact_id=p["contactId"])
    if account is None:
        return NONE_ANSWER
    bought = call("get_purchase_history", account_id=account, purchase_date=str(p["day"]))
    words = [w for w in (p.get("w1", ""), p.get("w2", "")) if w]
    match = sorted({r["productId"] for r in bought if all(w in (r["productName"] or "").lower() for w in words)})
    return answer_of(match)
