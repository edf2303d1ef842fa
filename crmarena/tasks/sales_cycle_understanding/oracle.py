"""The oracle's plan for sales cycle understanding: the tool calls a perfect agent makes, the facts read
from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, won_rep_extreme


def solve(call: Calls, p: dict[str, Any]) -> str:
    return won_rep_extreme(call, p, "get_average_sales_cycle_by_rep")
