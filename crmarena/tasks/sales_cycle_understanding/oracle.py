"""The oracle's plan for sales cycle understanding: the tool calls a perfect agent makes, the facts read
from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, direction_of, pick_extreme, window_args
from crmarena.queries.model import NONE_ANSWER


def solve(call: Calls, p: dict[str, Any]) -> str:
    w = window_args(p)
    won = call("get_won_deal_counts_by_rep", **w)
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=won, n_cases=int(p["threshold"]))
    if not qualified:
        return NONE_ANSWER
    cycles = call("get_average_sales_cycle_by_rep", **w)
    return answer_of(pick_extreme(call, {r: cycles[r] for r in qualified}, direction_of(p)))
