"""Task-specific tools that compute (dates, averages, counts, arg-max/min) and ``respond``.

They do not read the org. Dates are UTC ISO strings; windows are half-open ``[start, end)``.
"""

from __future__ import annotations

import calendar
from collections import Counter
from typing import Literal

from dateutil.relativedelta import relativedelta

from crmarena.agents.tools.records import CaseRecord, case_records, format_datetime, parse_datetime

MONTHS = list(calendar.month_name)[1:]
QUARTERS = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}
SEASONS = {"Winter": 12, "Spring": 3, "Summer": 6, "Fall": 9}
PERIOD_NAMES = MONTHS + list(QUARTERS) + list(SEASONS)
STEP = {"day": relativedelta(days=1), "week": relativedelta(weeks=1), "month": relativedelta(months=1),
        "quarter": relativedelta(months=3)}


def get_period(period_name: str, year: int) -> dict[str, str]:
    """Start and end (exclusive) of a named period of a year.

    Months span one month; Q1..Q4 three months from January, April, July, October; seasons three
    months: Spring from March, Summer from June, Fall from September, Winter from December of
    ``year`` to the end of February of ``year + 1``.

    Args:
        period_name: A month name (January..December), Q1..Q4, Spring, Summer, Fall or Winter.
        year: The year, e.g. 2023.

    Returns:
        {"start_date": ..., "end_date": ...} as 'YYYY-MM-DDTHH:MM:SSZ'.
    """
    name = period_name.strip().title() if not period_name.strip().upper().startswith("Q") else period_name.strip().upper()
    if name == "Autumn":
        name = "Fall"
    if name in MONTHS:
        first, months = MONTHS.index(name) + 1, 1
    elif name in QUARTERS:
        first, months = QUARTERS[name], 3
    elif name in SEASONS:
        first, months = SEASONS[name], 3
    else:
        raise ValueError(f"unknown period {period_name!r}: use one of {', '.join(PERIOD_NAMES)}")
    start = parse_datetime(f"{int(year):04d}-{first:02d}-01")
    return {"start_date": format_datetime(start), "end_date": format_datetime(start + relativedelta(months=months))}


def get_start_date(end_date: str, period: Literal["day", "week", "month", "quarter"], interval_count: int) -> str:
    """The start of a window of ``interval_count`` periods ending at ``end_date``.

    Args:
        end_date: The window's end, e.g. today's date '2024-03-15T00:00:00Z'.
        period: The unit: day, week, month or quarter.
        interval_count: How many units back, e.g. 3 for "the past 3 months".

    Returns:
        The start date as 'YYYY-MM-DDTHH:MM:SSZ'.
    """
    unit = period.strip().lower().rstrip("s")
    if unit not in STEP:
        raise ValueError(f"period must be day, week, month or quarter, not {period!r}")
    if int(interval_count) < 0:
        raise ValueError("interval_count must not be negative")
    return format_datetime(parse_datetime(end_date, "end_date") - STEP[unit] * int(interval_count))


def _extreme(values_by_id: dict[str, float], pick) -> list[str]:
    if not values_by_id:
        return []
    best = pick(values_by_id.values())
    return sorted(k for k, v in values_by_id.items() if v == best)


def find_id_with_max_value(values_by_id: dict[str, float]) -> list[str]:
    """The id(s) with the largest value; every tied id; [] for an empty mapping.

    Args:
        values_by_id: Id -> number, e.g. the output of get_issue_counts.
    """
    return _extreme(values_by_id, max)


def find_id_with_min_value(values_by_id: dict[str, float]) -> list[str]:
    """The id(s) with the smallest value; every tied id; [] for an empty mapping.

    Args:
        values_by_id: Id -> number, e.g. the output of calculate_average_handle_time.
    """
    return _extreme(values_by_id, min)


def get_qualified_agent_ids_by_case_count(agent_handled_cases: dict[str, int], n_cases: int) -> list[str]:
    """Agents that handled more than ``n_cases`` cases.

    Args:
        agent_handled_cases: Agent id -> number of cases (see get_agent_handled_cases_by_period).
        n_cases: The threshold; an agent qualifies with strictly more cases.
    """
    return sorted(a for a, n in agent_handled_cases.items() if n > n_cases)


def _owner_counts(cases: list[CaseRecord]) -> dict[str, int]:
    counts = Counter()
    for i, c in enumerate(case_records(cases)):
        if not c.ownerId:
            raise ValueError(f"the case at index {i} has no ownerId")
        counts[c.ownerId] += 1
    return dict(counts)


def get_agents_with_max_cases(subset_cases: list[CaseRecord]) -> list[str]:
    """The agent(s) owning the most of the given cases (every tied agent).

    Args:
        subset_cases: Case records with ownerId.
    """
    return _extreme(_owner_counts(subset_cases), max)


def get_agents_with_min_cases(subset_cases: list[CaseRecord]) -> list[str]:
    """The agent(s) owning the fewest of the given cases (every tied agent; only agents owning at least one).

    Args:
        subset_cases: Case records with ownerId.
    """
    return _extreme(_owner_counts(subset_cases), min)


def respond(content: str | list[str]) -> str:
    """Give the final answer to the user and end the task.

    Args:
        content: The answer only: the id(s) (comma-separated if several), a month name, state code(s),
            'None' when nothing qualifies, or the short text answer to a question.
    """
    return content if isinstance(content, str) else ", ".join(str(c) for c in content)
