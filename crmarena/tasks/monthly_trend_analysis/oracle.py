"""The oracle's plan for monthly trend analysis: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, pick_extreme, window_args


def solve(call: Calls, p: dict[str, Any]) -> str:
    items = call("get_order_item_ids_by_product", product_id=p["productId"])
    cases = call("get_cases", **window_args(p), order_item_ids=items) if items else []
    months = call("get_month_to_case_count", cases=cases) if cases else {}
    return answer_of(pick_extreme(call, months, "max"))
