"""Sales-manager questions about reps in a window (sales amount, sales cycle, conversion rate): the shared
curation, in the manner of ``agent_windows.py``.

An instance has its own "today" (``draw_today``), a window ending on or before it (``FAMILY``) holding a
bounded number of the task's records (won deals by close date, or leads by creation), and a threshold on
each rep's record count leaving ``QUALIFIED_BAND`` reps qualified (or, for a false-presupposition
instance, one nobody meets: 0–2 above the busiest rep).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Callable

import numpy as np
import pandas as pd

from crmarena.graph_schema.picklists import CLOSED_WON
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.support import Support
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import Window, midnight

FAMILY = WindowFamily(relative={"days": (45, 365), "weeks": (7, 52), "months": (2, 12), "quarters": (1, 4)},
                      named=("quarter", "season", "year"), relative_share=0.8, min_days=40, max_days=366)
QUALIFIED_BAND = (3, 12)


def won_deals(org: OrgData) -> pd.DataFrame:
    """Closed Won opportunities with their owner, amount, close day (datetime64) and sales cycle in days
    (contract's customerSignedDate minus the opportunity's creation day)."""
    if "won_deals" not in org.cache:
        o = org.table("Opportunity")
        o = o[o["stageName"] == CLOSED_WON]
        k = org.table("Contract")[["id", "customerSignedDate"]].rename(columns={"id": "contractId"})
        d = o.merge(k, on="contractId", how="inner")
        created_day = d["createdDate"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
        d = d.assign(closeDay=pd.to_datetime(d["closeDate"]),
                     cycle=(pd.to_datetime(d["customerSignedDate"]) - created_day).dt.days)
        org.cache["won_deals"] = d[["id", "ownerId", "amount", "closeDay", "cycle"]].reset_index(drop=True)
    return org.cache["won_deals"]


def in_window(times: pd.Series, w: Window) -> pd.Series:
    lo, hi = (pd.Timestamp(t.replace(tzinfo=None)) for t in (w.start, w.stop))
    t = times.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(times.dt, "tz", None) is not None else times
    return (t >= lo) & (t < hi)


def pick_threshold(rng: np.random.Generator, counts: np.ndarray, strict: bool, least: int) -> int | None:
    """A threshold leaving QUALIFIED_BAND reps qualified (``count > t`` if strict, else ``count >= t``),
    with every qualified rep resting on at least ``least`` records; ``counts`` sorted descending."""
    lo, hi = QUALIFIED_BAND
    if len(counts) < lo:
        return None
    k = int(rng.integers(lo, min(hi, len(counts)) + 1))
    for count in (int(counts[k - 1]), int(counts[k - 1]) + 1):
        t = count - 1 if strict else count
        t = max(t, least - 1 if strict else least)
        qualified = int((counts > t).sum()) if strict else int((counts >= t).sum())
        if lo <= qualified <= hi:
            return t
    return None


def rep_window_draft(task: Task, org: OrgData, rng: np.random.Generator, intent: Intent, *,
                     times: np.ndarray, counts: Callable[[Window, date], pd.Series], records: tuple[int, int],
                     strict: bool, least: int, sign: int, extreme: str, noun: str,
                     support: Callable[[Window, date, int], Support]) -> Draft | None:
    """One instance: a today, a window holding ``records`` of ``times`` (sorted naive datetime64), a
    threshold on ``counts(window, today)`` (records per rep) and, when answerable, its evidence."""
    first = pd.Timestamp(times[0]).date()
    today = draw_today(rng, org, spread_days=max((org.today - first).days - FAMILY.min_days, 0))
    family = WindowFamily(relative=FAMILY.relative, named=FAMILY.named, min_days=FAMILY.min_days,
                          max_days=FAMILY.max_days, relative_share=FAMILY.relative_share, cases=records)
    w = sample_window(rng, family, SimpleNamespace(first_day=first, today=org.today, created=times), today=today)
    if w is None:
        return None
    c = counts(w, today).sort_values(ascending=False).to_numpy()
    if len(c) < QUALIFIED_BAND[0]:
        return None
    if intent == "none":
        threshold = int(c[0]) + (0 if strict else 1) + int(rng.integers(0, 3))
    else:
        threshold = pick_threshold(rng, c, strict, least)
    if threshold is None:
        return None
    evidence = None
    if intent == "answerable":
        evidence = support(w, today, threshold)
        if not evidence.ok:
            return None
    n = f"{threshold} {noun}{'s' if threshold != 1 else ''}"
    return Draft(params={**w.as_params(), "threshold": threshold, "sign": sign},
                 slots={"extreme": task.phrases.word(extreme, rng), "window": w.phrase,
                        "Window": w.phrase[0].upper() + w.phrase[1:], "threshold": str(threshold), "n_records": n},
                 intent=intent, context={"window": w.describe(), "today": today.isoformat()}, band=f"window={w.spec}",
                 info={"window": w.spec, "direction": "min" if sign == 1 else "max", "today": today.isoformat(),
                       "asOf": midnight(today).isoformat()},
                 support=evidence)
