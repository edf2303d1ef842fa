"""The oracle's plan for invalid configuration: the quote's lines with their categories (quote_approval's
tool), checked against the rules of the required context (the instance's rule parameters)."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of


def solve(call: Calls, p: dict[str, Any]) -> str:
    lines = call("get_quote_line_items", quote_id=p["quoteId"])
    cats = {line["category"] for line in lines}
    bad: set[str] = set()
    for kind, cat, number, need in zip(p["ruleKinds"], p["ruleCats"], p["ruleValues"], p["ruleNeeds"]):
        for line in lines:
            if line["category"] != cat:
                continue
            if (kind == p["maxQuantity"] and line["quantity"] > number
                    or kind == p["packSize"] and line["quantity"] % number != 0
                    or kind == p["requires"] and need not in cats):
                bad.add(line["productId"])
    return answer_of(sorted(bad))
