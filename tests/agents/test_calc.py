"""The calculation tools (no store): periods, start dates, averages, month counts, arg-max/min."""

from __future__ import annotations

from datetime import date

import pytest

from crmarena.agents.tools import calc
from crmarena.tasks.best_region_identification.tools import calculate_region_average_closure_times
from crmarena.tasks.handle_time.tools import calculate_average_handle_time
from crmarena.tasks.monthly_trend_analysis.tools import get_month_to_case_count
from crmarena.queries import windows


@pytest.mark.parametrize("name,year,window", [
    ("March", 2023, windows.month(2023, 3)),
    ("December", 2022, windows.month(2022, 12)),
    ("Q4", 2022, windows.quarter(2022, "Q4")),
    ("q1", 2024, windows.quarter(2024, "Q1")),
    ("Winter", 2022, windows.season(2022, "Winter")),
    ("fall", 2021, windows.season(2021, "Fall")),
])
def test_get_period_matches_the_task_windows(name, year, window):
    got = calc.get_period(name, year)
    assert got == {"start_date": window.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "end_date": window.stop.strftime("%Y-%m-%dT%H:%M:%SZ")}


@pytest.mark.parametrize("today,n,unit", [
    (date(2024, 3, 31), 1, "months"), (date(2024, 5, 31), 1, "quarters"), (date(2023, 3, 1), 10, "days"),
    (date(2023, 1, 5), 6, "weeks"), (date(2024, 2, 29), 12, "months"),
])
def test_get_start_date_matches_relative_windows(today, n, unit):
    w = windows.past(today, n, unit)
    got = calc.get_start_date(w.stop.strftime("%Y-%m-%dT%H:%M:%SZ"), unit[:-1], n)
    assert got == w.start.strftime("%Y-%m-%dT%H:%M:%SZ")


CASES = [
    {"id": "c1", "ownerId": "u1", "createdDate": "2023-01-01T00:00:00Z", "closedDate": "2023-01-01T01:00:00Z",
     "shippingState": "CA"},
    {"id": "c2", "ownerId": "u1", "createdDate": "2023-02-01T00:00:00Z", "closedDate": "2023-02-01T03:00:00Z",
     "shippingState": "NY"},
    {"id": "c3", "ownerId": "u2", "createdDate": "2023-02-10T00:00:00Z", "closedDate": "2023-02-10T02:00:00Z",
     "shippingState": "CA"},
    {"id": "c4", "ownerId": "u2", "createdDate": "2023-02-11T00:00:00Z", "closedDate": None, "shippingState": "TX"},
]


def test_averages_and_counts():
    assert calculate_average_handle_time(CASES) == {"u1": 120.0, "u2": 120.0}   # open c4 ignored
    assert calculate_region_average_closure_times(CASES) == {"CA": 5400.0, "NY": 10800.0}
    assert get_month_to_case_count(CASES) == {"January": 1, "February": 3}
    assert calc.find_id_with_min_value(calculate_average_handle_time(CASES)) == ["u1", "u2"]   # a tie
    assert calc.find_id_with_max_value({"a": 1, "b": 3, "c": 3}) == ["b", "c"]
    assert calc.find_id_with_max_value({}) == []
    assert calc.get_agents_with_max_cases(CASES) == ["u1", "u2"]
    assert calc.get_qualified_agent_ids_by_case_count({"u1": 3, "u2": 2, "u3": 5}, 2) == ["u1", "u3"]


def test_bad_case_records_raise():
    with pytest.raises(ValueError):
        calculate_average_handle_time([{"id": "c", "closedDate": "2023-01-01T00:00:00Z"}])
    with pytest.raises(ValueError):
        get_month_to_case_count([{"id": "c"}])
    with pytest.raises(ValueError):
        calc.get_agents_with_max_cases([{"id": "c"}])
