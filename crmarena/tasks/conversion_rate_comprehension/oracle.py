"""The oracle's plan for conversion rate comprehension: the tool calls a perfect agent makes, the facts
read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, direction_of, pick_extreme, window_args
from crmarena.queries.model import NONE_ANSWER


def solve(call: Calls, p: dict[str, Any]) -> str:
    counts = call("get_lead_counts_by_rep", **window_args(p), converted_before=p["asOf"])
    rates = call("calculate_conversion_rates", lead_counts=counts, min_leads=int(p["threshold"]))
    if not rates:
        return NONE_ANSWER
    return answer_of(pick_extreme(call, rates, direction_of(p)))
