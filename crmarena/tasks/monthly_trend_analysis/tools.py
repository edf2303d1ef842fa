"""The tools monthly trend analysis brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).
"""

from __future__ import annotations

from collections import Counter

from crmarena.agents.tools.calc import MONTHS
from crmarena.agents.tools.records import CaseRecord, case_records

def get_month_to_case_count(cases: list[CaseRecord]) -> dict[str, int]:
    """Number of cases per calendar month of their createdDate (UTC), whatever the year.

    Args:
        cases: Case records with createdDate.

    Returns:
        Month name (January..December) -> number of cases, in calendar order.
    """
    counts = Counter()
    for i, c in enumerate(case_records(cases)):
        if c.createdDate is None:
            raise ValueError(f"the case at index {i} lacks createdDate")
        counts[MONTHS[c.createdDate.month - 1]] += 1
    return {m: counts[m] for m in MONTHS if counts[m]}


TOOLS = (get_month_to_case_count,)
