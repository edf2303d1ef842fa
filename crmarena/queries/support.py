"""The evidence behind an answer: support rules of the analytic tasks (see README "Evidence").

Each rule takes the numbers the answer rests on (computed by the task's curator from the Parquet
tables with the gold rule's semantics) and returns a ``Support``: the figures written into the
instance's ``parameters["support"]`` and, when the evidence is too thin, the reason the curator
rejects the draft. Rules:

- peak month (monthly trend): the peak month has >= ``MIN_PEAK_CASES`` cases, leads the runner-up by
  >= ``PEAK_LEAD`` cases and 25 %, and an exact one-sided binomial test rejects "no month above the
  window's mean" at ``PEAK_P``: given the window's N cases spread over its months in proportion to
  their days, P(X >= peak) with X ~ Binomial(N, days of the peak month / days of the window);
- averages (handle time, best region): every compared average rests on >= ``MIN_AVERAGE_CASES``
  cases, and the winner's lead over the runner-up exceeds the lead's standard error
  sqrt(s1^2/n1 + s2^2/n2) (sample standard deviations);
- counts (top issue, transfer count): the winner has >= ``min_cases``; the extreme is not a tie of
  every candidate at one value (no "most transfers" answered by agents who all made 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import stats

MIN_PEAK_CASES = 5
PEAK_LEAD = 2
PEAK_P = 0.05
MIN_AVERAGE_CASES = 5
MIN_TOP_ISSUE_CASES = 3


@dataclass(frozen=True)
class Support:
    """What an answer rests on. ``cases``: cases behind the winner; ``margin``: its lead over the
    runner-up (the task's unit); ``statistic``: the test statistic (p-value, or lead / SE);
    ``reason``: why the evidence is too thin (empty when it holds)."""

    cases: int
    margin: float
    statistic: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cases": int(self.cases), "margin": _round(self.margin)}
        if self.statistic is not None:
            out["statistic"] = _round(self.statistic)
        return out | {k: _round(v) for k, v in self.extra.items()}


def _round(v: Any) -> Any:
    if isinstance(v, (float, np.floating)):
        return float(f"{float(v):.4g}")
    if isinstance(v, np.integer):
        return int(v)
    return v


def peak_month(counts: Sequence[int], days: Sequence[int]) -> Support:
    """Support of "the month with clearly more cases": ``counts`` and ``days`` per month of the window."""
    c, d = np.asarray(counts, dtype=int), np.asarray(days, dtype=float)
    if len(c) == 0 or c.sum() == 0:
        return Support(0, 0, 1.0, reason="no cases in the window")
    i = int(np.argmax(c))
    peak = int(c[i])
    second = int(np.sort(c)[-2]) if len(c) > 1 else 0
    total = int(c.sum())
    p = float(stats.binom.sf(peak - 1, total, d[i] / d.sum()))
    extra = {"runnerUp": second, "total": total, "test": "binomial one-sided vs the window's mean"}
    s = Support(peak, peak - second, p, extra)
    if peak < MIN_PEAK_CASES:
        return _why(s, f"peak month has {peak} cases (< {MIN_PEAK_CASES})")
    if peak - second < int(peak_lead_needed(peak)):
        return _why(s, f"peak {peak} leads the runner-up {second} by too little")
    if p >= PEAK_P:
        return _why(s, f"peak not significant (p = {p:.3f} >= {PEAK_P})")
    return s


def peak_lead_needed(peak):
    """The lead over the runner-up a peak month of ``peak`` cases needs (a count or an array of them):
    PEAK_LEAD cases and 25 % of the peak."""
    return np.maximum(PEAK_LEAD, np.ceil(0.25 * np.asarray(peak)).astype(int))


def peak_month_candidates(counts: np.ndarray) -> np.ndarray:
    """Rows of a (units x months) count matrix that can pass ``peak_month``: its two count rules
    (peak >= MIN_PEAK_CASES, lead >= ``peak_lead_needed``) over every row at once, so the binomial
    test runs only on these (every other row fails ``peak_month`` whatever its p-value)."""
    c = np.asarray(counts, dtype=int)
    if c.shape[1] == 0:
        return np.zeros(len(c), bool)
    top = np.sort(c, axis=1)
    peak = top[:, -1]
    second = top[:, -2] if c.shape[1] > 1 else np.zeros(len(c), int)
    return (peak >= MIN_PEAK_CASES) & (peak - second >= peak_lead_needed(peak))


def average_lead(samples: Mapping[str, Sequence[float]], smallest: bool, unit: str = "hours") -> Support:
    """Support of "the id with the smallest (or largest) average": ``samples`` holds each compared
    id's values (every id the question compares, empty ones dropped)."""
    groups = {k: np.asarray(v, dtype=float) for k, v in samples.items() if len(v)}
    if not groups:
        return Support(0, 0, None, reason="nothing to compare")
    ranked = sorted(groups, key=lambda k: (groups[k].mean() if smallest else -groups[k].mean(), k))
    win = groups[ranked[0]]
    fewest = min(len(v) for v in groups.values())
    if len(ranked) < 2:
        return Support(len(win), 0, None, {"fewest": fewest}, reason="only one average to compare")
    run = groups[ranked[1]]
    lead = abs(run.mean() - win.mean())
    se = math.sqrt(_var(win) / len(win) + _var(run) / len(run))
    z = lead / se if se > 0 else math.inf if lead > 0 else 0.0
    s = Support(len(win), lead, z, {"runnerUpCases": len(run), "fewest": fewest, "se": se, "unit": unit})
    if fewest < MIN_AVERAGE_CASES:
        return _why(s, f"an average rests on {fewest} cases (< {MIN_AVERAGE_CASES})")
    if not lead > se:
        return _why(s, f"lead {lead:.3g} does not exceed its standard error {se:.3g}")
    return s


def _var(v: np.ndarray) -> float:
    return float(v.var(ddof=1)) if len(v) > 1 else 0.0


def count_winner(counts: Mapping[str, int], most: bool, min_cases: int = 0) -> Support:
    """Support of "the id with the most (or fewest) ...": ``counts`` of every compared id."""
    if not counts:
        return Support(0, 0, None, reason="nothing to compare")
    values = sorted(counts.values(), reverse=most)
    best, rest = values[0], [v for v in values if v != values[0]]
    margin = abs(best - rest[0]) if rest else 0
    s = Support(int(best), margin, None, {"compared": len(values)})
    if len(values) > 1 and not rest:
        return _why(s, f"every compared id has {best}: no {'most' if most else 'fewest'}")
    if most and best == 0:
        return _why(s, "the most is 0")
    if best < min_cases:
        return _why(s, f"the winner has {best} cases (< {min_cases})")
    return s


def _why(s: Support, reason: str) -> Support:
    return Support(s.cases, s.margin, s.statistic, s.extra, reason)
