"""The oracle's plan for confidential company knowledge: a polite refusal naming no number (no lookup needed)."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls
from crmarena.queries.confidential import REFUSAL


def solve(call: Calls, p: dict[str, Any]) -> str:
    return REFUSAL
