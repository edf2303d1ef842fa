"""Window tasks give each instance its own "today": the required context states it, relative windows
end on it, and the days vary across instances (at large scale a window of bounded work spans days, and
with one shared "today" only a handful of windows would exist)."""

from datetime import date, datetime

import pytest

from crmarena.queries.windows import from_spec

OWN_TODAY = ("best_region_identification", "case_routing", "handle_time", "transfer_count", "monthly_trend_analysis")


@pytest.mark.parametrize("task", OWN_TODAY)
def test_instances_state_their_own_today(default_tasks, task):
    instances, _ = default_tasks
    mine = [i for i in instances if i.task == task]
    todays = set()
    for i in mine:
        today = date.fromisoformat(i.parameters["today"])
        todays.add(today)
        assert f"Today's date: {today.isoformat()}" in i.metadata.required
        w = from_spec(i.parameters["window"], today)
        assert w.start == datetime.fromisoformat(i.parameters["start"])
        assert w.stop == datetime.fromisoformat(i.parameters["stop"])
        assert w.stop.date() <= today
    assert len(todays) > len(mine) // 2


AS_OF = ("best_region_identification", "case_routing", "handle_time", "transfer_count")


@pytest.mark.parametrize("task", AS_OF)
def test_records_after_today_never_count(default_tasks, task):
    """One rule: records dated on or after an instance's today do not count — the required context
    says so and the gold's ``asOf`` (or, for routing, the lookback's end) is today at 00:00."""
    instances, _ = default_tasks
    for i in (i for i in instances if i.task == task):
        today = datetime.fromisoformat(i.parameters.get("asOf") or i.parameters["stop"])
        assert today.date() == date.fromisoformat(i.parameters["today"])
        assert "Records dated today or later do not count" in i.metadata.required
