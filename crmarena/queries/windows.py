"""Time windows of the tasks: relative ("the past 3 months") and named (a month, Q1–Q4, a season).

Every window is a half-open interval ``[start, stop)`` of UTC datetimes; cases are filtered on
``createdDate >= start AND createdDate < stop``. Relative windows end on the task's "today" at
00:00 UTC (today itself is not yet over, so it is excluded) and reach back N calendar units:
days, weeks (7 days), months (calendar months, the day clamped to the month's length) or quarters
(3 calendar months). Named windows: a month of a year; a quarter (Q1 Jan–Mar ... Q4 Oct–Dec); a
season of a year — Winter is December of that year to February of the next, Spring March–May,
Summer June–August, Fall September–November; a season's phrase spells its months and years
("in Winter 2022 (December 2022 – February 2023)").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone

from crmarena.errors import CrmarenaError

UNITS = ("days", "weeks", "months", "quarters")
MONTHS = tuple(calendar.month_name[1:])
SEASONS = {"Winter": 12, "Spring": 3, "Summer": 6, "Fall": 9}   # first month of each season
QUARTERS = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")


def midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the target month's length."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Window:
    """A half-open UTC interval and the words that name it in a question."""

    start: datetime
    stop: datetime
    phrase: str          # e.g. "in the past 3 months", "in Q2 2023", "in Winter 2022"
    kind: str            # "relative" or "named"
    spec: str            # machine-readable, e.g. "past:3:months", "quarter:Q2:2023"

    def __post_init__(self):
        if self.start.tzinfo is None or self.stop.tzinfo is None:
            raise CrmarenaError("window bounds must be timezone-aware UTC datetimes")
        if not self.start < self.stop:
            raise CrmarenaError(f"empty window {self.spec}: start {self.start} is not before {self.stop}")

    @property
    def days(self) -> int:
        return (self.stop - self.start).days

    def contains(self, t: datetime) -> bool:
        return self.start <= t < self.stop

    def describe(self) -> str:
        """The window spelled out for a task's required context."""
        last = (self.stop - timedelta(days=1)).date()
        return f"{self.phrase.removeprefix('in ').strip()} means {self.start.date().isoformat()} " \
               f"through {last.isoformat()} (inclusive)"

    def as_params(self) -> dict[str, datetime]:
        """The Cypher parameters of the window (``$start``, ``$stop``)."""
        return {"start": self.start, "stop": self.stop}


def _count(n: int, unit: str) -> str:
    singular = unit[:-1]
    return f"{n} {unit}" if n != 1 else singular


def past(today: date, n: int, unit: str) -> Window:
    """The past ``n`` days/weeks/months/quarters, ending at 00:00 of ``today`` (exclusive)."""
    if unit not in UNITS:
        raise CrmarenaError(f"unknown window unit {unit!r}; valid units: {', '.join(UNITS)}")
    if n < 1:
        raise CrmarenaError(f"a relative window needs at least one {unit[:-1]}, got {n}")
    if unit == "days":
        first = today - timedelta(days=n)
    elif unit == "weeks":
        first = today - timedelta(weeks=n)
    else:
        first = add_months(today, -n * (3 if unit == "quarters" else 1))
    phrase = f"in the past {_count(n, unit)}" if n != 1 else f"in the past {unit[:-1]}"
    return Window(midnight(first), midnight(today), phrase, "relative", f"past:{n}:{unit}")


def month(year: int, month_number: int) -> Window:
    first = date(year, month_number, 1)
    return Window(midnight(first), midnight(add_months(first, 1)), f"in {MONTHS[month_number - 1]} {year}",
                  "named", f"month:{month_number}:{year}")


def quarter(year: int, name: str) -> Window:
    if name not in QUARTERS:
        raise CrmarenaError(f"unknown quarter {name!r}; valid: {', '.join(QUARTERS)}")
    first = date(year, QUARTERS[name], 1)
    return Window(midnight(first), midnight(add_months(first, 3)), f"in {name} {year}", "named",
                  f"quarter:{name}:{year}")


def season(year: int, name: str) -> Window:
    """Winter ``year`` is December ``year`` through February ``year + 1``."""
    if name not in SEASONS:
        raise CrmarenaError(f"unknown season {name!r}; valid: {', '.join(SEASONS)}")
    first = date(year, SEASONS[name], 1)
    last = add_months(first, 2)
    spelled = f"{MONTHS[first.month - 1]} {first.year} – {MONTHS[last.month - 1]} {last.year}"
    return Window(midnight(first), midnight(add_months(first, 3)), f"in {name} {year} ({spelled})", "named",
                  f"season:{name}:{year}")


def year_window(year: int) -> Window:
    return Window(midnight(date(year, 1, 1)), midnight(date(year + 1, 1, 1)), f"in {year}", "named",
                  f"year:{year}")


def from_spec(spec: str, today: date) -> Window:
    """Rebuild a window from its ``spec`` (the inverse of ``Window.spec``)."""
    kind, *rest = spec.split(":")
    try:
        if kind == "past":
            return past(today, int(rest[0]), rest[1])
        if kind == "month":
            return month(int(rest[1]), int(rest[0]))
        if kind == "quarter":
            return quarter(int(rest[1]), rest[0])
        if kind == "season":
            return season(int(rest[1]), rest[0])
        if kind == "year":
            return year_window(int(rest[0]))
    except (IndexError, ValueError):
        pass
    raise CrmarenaError(f"bad window spec {spec!r}")


def named_windows(first: date, today: date, sizes: set[str]) -> list[Window]:
    """All named windows of the given sizes ("month", "quarter", "season", "year") lying wholly in
    ``[first, today)``."""
    return list(_named_windows(first, today, frozenset(sizes)))


@lru_cache(maxsize=4096)
def _named_windows(first: date, today: date, sizes: frozenset[str]) -> tuple[Window, ...]:
    lo, hi = midnight(first), midnight(today)
    out: list[Window] = []
    for y in range(first.year - 1, today.year + 1):
        if "month" in sizes:
            out += [month(y, m) for m in range(1, 13)]
        if "quarter" in sizes:
            out += [quarter(y, q) for q in QUARTERS]
        if "season" in sizes:
            out += [season(y, s) for s in SEASONS]
        if "year" in sizes:
            out.append(year_window(y))
    return tuple(w for w in out if lo <= w.start and w.stop <= hi)
