"""Window arithmetic: relative windows end at today's midnight (exclusive), named ones are calendar periods."""

from datetime import date, datetime, timezone

import pytest

from crmarena.errors import CrmarenaError
from crmarena.queries import windows as W


def utc(*a):
    return datetime(*a, tzinfo=timezone.utc)


def test_past_days_and_weeks_end_at_today_midnight():
    w = W.past(date(2024, 3, 10), 10, "days")
    assert (w.start, w.stop) == (utc(2024, 2, 29), utc(2024, 3, 10))
    w = W.past(date(2024, 3, 10), 2, "weeks")
    assert (w.start, w.stop, w.days) == (utc(2024, 2, 25), utc(2024, 3, 10), 14)
    assert not w.contains(utc(2024, 3, 10)) and w.contains(utc(2024, 3, 9, 23, 59))


def test_past_months_clamp_the_day_and_quarters_are_three_months():
    assert W.past(date(2024, 5, 31), 3, "months").start == utc(2024, 2, 29)     # leap February
    assert W.past(date(2023, 5, 31), 3, "months").start == utc(2023, 2, 28)
    assert W.past(date(2024, 1, 15), 2, "quarters").start == utc(2023, 7, 15)
    assert W.past(date(2024, 1, 15), 13, "months").start == utc(2022, 12, 15)


def test_named_windows():
    assert (W.month(2023, 12).start, W.month(2023, 12).stop) == (utc(2023, 12, 1), utc(2024, 1, 1))
    assert (W.quarter(2023, "Q2").start, W.quarter(2023, "Q2").stop) == (utc(2023, 4, 1), utc(2023, 7, 1))
    winter = W.season(2022, "Winter")
    assert (winter.start, winter.stop) == (utc(2022, 12, 1), utc(2023, 3, 1))
    assert (W.season(2023, "Fall").start, W.season(2023, "Fall").stop) == (utc(2023, 9, 1), utc(2023, 12, 1))
    assert W.year_window(2022).days == 365 and W.year_window(2024).days == 366


def test_phrases_and_specs_round_trip():
    today = date(2024, 4, 15)
    for w in (W.past(today, 3, "months"), W.past(today, 1, "quarters"), W.month(2023, 2), W.quarter(2022, "Q4"),
              W.season(2023, "Summer"), W.year_window(2021)):
        assert W.from_spec(w.spec, today) == w
    assert W.past(today, 1, "weeks").phrase == "in the past week"
    assert W.past(today, 5, "days").phrase == "in the past 5 days"
    assert W.season(2022, "Winter").phrase == "in Winter 2022 (December 2022 – February 2023)"
    assert W.season(2023, "Fall").phrase == "in Fall 2023 (September 2023 – November 2023)"
    assert "2022-12-01 through 2023-02-28" in W.season(2022, "Winter").describe()


def test_named_windows_lie_inside_the_history():
    ws = W.named_windows(date(2022, 2, 10), date(2023, 1, 5), {"month", "quarter", "season", "year"})
    assert ws and all(w.start >= utc(2022, 2, 10) and w.stop <= utc(2023, 1, 5) for w in ws)
    specs = {w.spec for w in ws}
    assert "month:3:2022" in specs and "month:2:2022" not in specs and "year:2022" not in specs
    assert "season:Fall:2022" in specs and "season:Winter:2022" not in specs


@pytest.mark.parametrize("args", [(date(2024, 1, 1), 0, "days"), (date(2024, 1, 1), 2, "years")])
def test_bad_relative_windows_are_one_line_errors(args):
    with pytest.raises(CrmarenaError):
        W.past(*args)


def test_bad_specs():
    for spec in ("past:x:days", "season:Monsoon:2022", "decade:2020", "quarter:Q5:2020"):
        with pytest.raises(CrmarenaError):
            W.from_spec(spec, date(2024, 1, 1))
