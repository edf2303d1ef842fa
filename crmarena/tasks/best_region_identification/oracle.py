"""The oracle's plan for best region identification: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from crmarena.agents.oracle import Calls, answer_of, closed_before, direction_of, pick_extreme, window_args
from crmarena.agents.tools.records import parse_datetime
from crmarena.graph_schema.picklists import CLOSED


def solve(call: Calls, p: dict[str, Any]) -> str:
    cases = closed_before(call("get_cases", **window_args(p), statuses=[CLOSED]), parse_datetime(p["asOf"]))
    located = call("get_shipping_state", cases=cases) if cases else []
    per_state = Counter(c.shippingState for c in located)       # only states with enough cases compete
    located = [c for c in located if per_state[c.shippingState] >= int(p["minCases"])]
    times = call("calculate_region_average_closure_times", cases=located) if located else {}
    return answer_of(pick_extreme(call, times, direction_of(p)))
