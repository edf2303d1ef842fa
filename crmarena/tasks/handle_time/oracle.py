"""The oracle's plan for handle time: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, closed_before, direction_of, pick_extreme, window_args
from crmarena.graph_schema.picklists import CLOSED
from crmarena.queries.model import NONE_ANSWER
from crmarena.agents.tools.records import parse_datetime


def solve(call: Calls, p: dict[str, Any]) -> str:
    w = window_args(p)
    handled = call("get_agent_handled_cases_by_period", **w, before=p["asOf"])
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=handled, n_cases=int(p["threshold"]))
    if not qualified:
        return NONE_ANSWER
    single = call("get_non_transferred_case_ids", **w)
    cases = closed_before(call("get_cases", **w, case_ids=single, agent_ids=qualified, statuses=[CLOSED]),
                           parse_datetime(p["asOf"])) if single else []
    averages = call("calculate_average_handle_time", cases=cases) if cases else {}
    return answer_of(pick_extreme(call, averages, direction_of(p)))
