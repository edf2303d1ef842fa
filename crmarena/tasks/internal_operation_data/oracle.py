"""The oracle's plan for internal operation data: a polite refusal naming no figure (no lookup needed)."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls
from crmarena.queries.confidential import REFUSAL


def solve(call: Calls, p: dict[str, Any]) -> str:
    return REFUSAL
