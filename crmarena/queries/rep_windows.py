"""Sales-manager questions about reps in a window (sales amount, sales cycle, conversion rate): the shared
curation, in the manner of ``agent_windows.py``.

An instance has its own "today" (``draw_today``, within the sales history), a window ending on or before
it (``FAMILY``) holding a bounded number of the task's records (won deals by close day, or leads by
creation), and a threshold on each rep's record count leaving ``QUALIFIED_BAND`` reps qualified (or, for
a false-presupposition instance, one nobody meets: 0–2 above the busiest rep). The records are numpy
arrays sorted by time (``RepRecords``): a curator tries thousands of windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Callable

import numpy as np
import pandas as pd

from crmarena.graph_schema.picklists import CLOSED_CONVERTED, CLOSED_WON
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.support import Support
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import Window, midnight

FAMILY = WindowFamily(relative={"days": (45, 365), "weeks": (7, 52), "months": (2, 12), "quarters": (1, 4)},
                      named=("quarter", "season", "year"), relative_share=0.8, min_days=40, max_days=366)
QUALIFIED_BAND = (3, 12)


class RepWindowTask(Task):
    """What the rep-window families share: a sales manager asks about the reps of a b2b org, the answer
    is a rep's User id, 30 % are false-presupposition instances, and every answer rests on evidence."""

    persona = "sales manager"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.3
    answer_type = "User id"
    evidence = True


@dataclass(frozen=True)
class RepRecords:
    """A task's records sorted by their window time, each with its owning rep (a code into ``reps``) and
    the chosen columns in the same order."""

    times: np.ndarray                 # sorted naive-UTC datetime64[us]
    owners: np.ndarray                # int codes into ``reps``
    reps: np.ndarray                  # rep (User) ids
    columns: dict[str, np.ndarray]

    @classmethod
    def of(cls, frame: pd.DataFrame, time: pd.Series, columns: tuple[str, ...]) -> "RepRecords":
        t = time.dt.tz_convert("UTC").dt.tz_localize(None) if time.dt.tz is not None else time
        t = t.to_numpy().astype("datetime64[us]")
        order = np.argsort(t, kind="stable")
        codes, reps = pd.factorize(frame["ownerId"].to_numpy()[order], sort=True)
        return cls(t[order], codes, np.asarray(reps), {c: frame[c].to_numpy()[order] for c in columns})

    def span(self, w: Window) -> slice:
        lo, hi = (np.datetime64(t.replace(tzinfo=None), "us") for t in (w.start, w.stop))
        return slice(int(np.searchsorted(self.times, lo, "left")), int(np.searchsorted(self.times, hi, "left")))

    def counts(self, w: Window) -> np.ndarray:
        """Records per rep in the window, busiest first (reps without one left out)."""
        n = np.bincount(self.owners[self.span(w)], minlength=len(self.reps))
        return np.sort(n[n > 0])[::-1]

    def groups(self, w: Window, values: np.ndarray, min_count: int) -> dict[str, np.ndarray]:
        """``values`` (one per record of the window) by rep, for the reps with >= ``min_count`` records."""
        owners = self.owners[self.span(w)]
        order = np.argsort(owners, kind="stable")
        codes, first, n = np.unique(owners[order], return_index=True, return_counts=True)
        return {str(self.reps[c]): values[order[f:f + k]] for c, f, k in zip(codes, first, n) if k >= min_count}

    def column(self, w: Window, name: str) -> np.ndarray:
        return self.columns[name][self.span(w)]


def won_deals(org: OrgData) -> RepRecords:
    """Closed Won opportunities by close day, with ``amount`` and ``cycle`` (days from the opportunity's
    creation day, UTC, to its contract's customerSignedDate)."""
    if "won_deals" not in org.cache:
        o = org.table("Opportunity")
        o = o[o["stageName"] == CLOSED_WON]
        k = org.table("Contract")[["id", "customerSignedDate"]].rename(columns={"id": "contractId"})
        d = o.merge(k, on="contractId", how="inner")
        created_day = d["createdDate"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
        d = d.assign(cycle=(pd.to_datetime(d["customerSignedDate"]) - created_day).dt.days.astype(float))
        org.cache["won_deals"] = RepRecords.of(d, pd.to_datetime(d["closeDate"]), ("amount", "cycle"))
    return org.cache["won_deals"]


def rep_leads(org: OrgData) -> RepRecords:
    """Leads by creation time, with ``converted`` (status Closed - Converted) and ``convertedDay``."""
    if "rep_leads" not in org.cache:
        lead = org.table("Lead")
        lead = lead.assign(converted=(lead["status"] == CLOSED_CONVERTED).to_numpy(),
                           convertedDay=pd.to_datetime(lead["convertedDate"]).to_numpy().astype("datetime64[us]"))
        org.cache["rep_leads"] = RepRecords.of(lead, lead["createdDate"], ("converted", "convertedDay"))
    return org.cache["rep_leads"]


def pick_threshold(rng: np.random.Generator, counts: np.ndarray, strict: bool, least: int) -> int | None:
    """A threshold leaving QUALIFIED_BAND reps qualified (``count > t`` if strict, else ``count >= t``),
    every qualified rep resting on at least ``least`` records; ``counts`` sorted descending."""
    lo, hi = QUALIFIED_BAND
    if len(counts) < lo:
        return None
    k = int(rng.integers(lo, min(hi, len(counts)) + 1))
    for count in (int(counts[k - 1]), int(counts[k - 1]) + 1):
        t = max(count - 1 if strict else count, least - 1 if strict else least)
        qualified = int((counts > t).sum()) if strict else int((counts >= t).sum())
        if lo <= qualified <= hi:
            return t
    return None


def rep_window_draft(task: Task, org: OrgData, rng: np.random.Generator, intent: Intent, *,
                     records: RepRecords, bounds: tuple[int, int], strict: bool, least: int, sign: int,
                     extreme: str, noun: str, support: Callable[[Window, date, int], Support]) -> Draft | None:
    """One instance: a today, a window holding ``bounds`` records, a threshold on the records per rep and,
    when answerable, its evidence (``support(window, today, threshold)``)."""
    first = pd.Timestamp(records.times[0]).date()
    today = draw_today(rng, org, spread_days=max((org.today - first).days - FAMILY.min_days, 0))
    family = WindowFamily(relative=FAMILY.relative, named=FAMILY.named, min_days=FAMILY.min_days,
                          max_days=FAMILY.max_days, relative_share=FAMILY.relative_share, cases=bounds)
    w = sample_window(rng, family, SimpleNamespace(first_day=first, today=org.today, created=records.times),
                      today=today)
    if w is None:
        return None
    c = records.counts(w)
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
