"""The oracle's plan for transfer count: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, direction_of, pick_extreme, window_args
from crmarena.queries.model import NONE_ANSWER


def solve(call: Calls, p: dict[str, Any]) -> str:
    w = window_args(p)
    handled = call("get_agent_handled_cases_by_period", **w, before=p["asOf"])
    # "at least N cases": strictly more than N - 1
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=handled,
                     n_cases=int(p["threshold"]) - 1)
    if not qualified:
        return NONE_ANSWER
    transfers = call("get_agent_transferred_cases_by_period", **w, qualified_agent_ids=qualified, before=p["asOf"])
    return answer_of(pick_extreme(call, transfers, direction_of(p)))
