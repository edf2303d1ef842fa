"""Seeded draws shared by the curators: windows of bounded size, weighted picks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Sequence, TypeVar

import numpy as np

from crmarena.queries import windows as W

T = TypeVar("T")


@dataclass(frozen=True)
class WindowFamily:
    """The windows a task draws from: relative units with (min, max) counts, named window sizes,
    the share of relative windows, and bounds on the length in days (comparable difficulty)."""

    relative: dict[str, tuple[int, int]] = field(default_factory=dict)
    named: tuple[str, ...] = ()
    relative_share: float = 0.5
    min_days: int = 1
    max_days: int = 400
    cases: tuple[int, int] = (1, 10**12)       # cases created in the window (bounds work at any scale)


WINDOW_TRIES = 200
TODAY_SPREAD_DAYS = 365


def draw_today(rng: np.random.Generator, org, spread_days: int = TODAY_SPREAD_DAYS) -> date:
    """An instance's own "today", up to ``spread_days`` before the org's (stated in the instance's
    required context, as in CRMArena). With every relative window ending on one date, the same few
    windows — and at large scale, where a window of bounded work spans days, only a handful — exist."""
    return org.today - timedelta(days=int(rng.integers(0, spread_days + 1)))


def sample_window(rng: np.random.Generator, family: WindowFamily, org, today=None) -> W.Window | None:
    """One window of the family lying within the org's history [first day, today), holding between
    ``family.cases`` cases; None if ``WINDOW_TRIES`` draws found none. ``today`` is the task's "today"
    (default: the org's)."""
    for _ in range(WINDOW_TRIES):
        w = _draw_window(rng, family, org.first_day, today or org.today, org.created)
        if w is not None:
            return w
    return None


def _draw_window(rng: np.random.Generator, family: WindowFamily, first, today, created) -> W.Window | None:
    use_relative = family.relative and (not family.named or rng.random() < family.relative_share)
    if use_relative:
        units = sorted(family.relative)
        unit = units[int(rng.integers(len(units)))]
        lo, hi = family.relative[unit]
        w = W.past(today, int(rng.integers(lo, hi + 1)), unit)
        if w.start.date() < first:
            return None
    else:
        options = W.named_windows(first, today, set(family.named))
        if not options:
            return None
        w = options[int(rng.integers(len(options)))]
    if not family.min_days <= w.days <= family.max_days:
        return None
    if not family.cases[0] <= cases_in(created, w) <= family.cases[1]:
        return None
    return w


def cases_in(created: np.ndarray, w: W.Window) -> int:
    lo, hi = (np.datetime64(t.replace(tzinfo=None), "us") for t in (w.start, w.stop))
    return int(np.searchsorted(created, hi, "left") - np.searchsorted(created, lo, "left"))


def pick(rng: np.random.Generator, items: Sequence[T]) -> T:
    return items[int(rng.integers(len(items)))]


def ago_phrase(days: int, unit: str) -> str:
    """'3 days ago', 'a week ago', '2 weeks ago'."""
    n = days if unit == "days" else days // 7
    word = unit[:-1]
    return f"a {word} ago" if n == 1 else f"{n} {unit} ago"
