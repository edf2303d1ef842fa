"""The oracle's plan for sales amount understanding: the tool calls a perfect agent makes, the facts read
from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, won_rep_extreme


def solve(call: Calls, p: dict[str, Any]) -> str:
    return won_rep_extreme(call, p, "get_won_amount_by_rep")
