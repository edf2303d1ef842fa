"""LDBC-style parameter curation: keep drafts until each task's quotas hold.

Rules, per task with ``n`` instances:
- ``round(n * none_share)`` false-presupposition instances (gold ``["None"]``, as the Cypher returns
  it) and the rest answerable; the curator is asked for whichever kind lags its quota;
- no degenerate answers: one answer (the sorted list of ids) may cover at most
  ``floor(top_share * answerable)`` instances (``Task.top_share``: 0.2, more for a choice of a few
  values) — further drafts with that answer are rejected;
- comparable difficulty: each task's ``accept`` keeps answerable drafts inside its band (bounded
  window sizes, a band of candidate counts, at most 3 tied ids ...), and its curator only proposes
  drafts from bounded families;
- no duplicates (same parameters);
- evidence (tasks with ``Task.evidence``): an answerable draft's ``support`` (support.py) must hold,
  else it is rejected; ``Task.min_share`` keeps a share of the answerable instances with a flag
  (NED: the date is needed to disambiguate) — drafts without it are rejected once the remaining
  slots are needed for it.
Gives up after ``ATTEMPTS_PER_INSTANCE * n`` drafts and returns what it kept: a quota left unmet is a
shortfall (``Shortfall``), never filled with other kinds of instances; the runner refuses it unless
the user allows it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Task
from crmarena.store.base import GraphStore

TOP_ANSWER_SHARE = 0.2
ATTEMPTS_PER_INSTANCE = 40


@dataclass(frozen=True)
class Curated:
    draft: Draft
    answer: list[str]


@dataclass(frozen=True)
class Quotas:
    none: int
    answerable: int
    cap: int          # most instances one answer may cover

    @classmethod
    def of(cls, task: Task, n: int) -> "Quotas":
        none = int(round(n * task.none_share))
        answerable = n - none
        return cls(none, answerable, cap_for(answerable, task.top_share))


@dataclass(frozen=True)
class Shortfall:
    """What curation could not supply for one task: kept / wanted per kind of instance."""

    task: str
    answerable: tuple[int, int]
    none: tuple[int, int]
    rejected: dict[str, int]      # answerable drafts rejected per reason (evidence, cap, band)

    def describe(self) -> str:
        parts = [f"{kind} {have}/{want}" for kind, (have, want) in (("answerable", self.answerable),
                                                                   ("None", self.none)) if have < want]
        top = ", ".join(f"{k} {v}" for k, v in sorted(self.rejected.items(), key=lambda kv: -kv[1])[:3])
        return f"{self.task} {' '.join(parts)}" + (f" (rejected: {top})" if top else "")


def cap_for(answerable: int, share: float = TOP_ANSWER_SHARE) -> int:
    return max(1, int(share * answerable + 1e-9))


def answer_key(answer: list[str]) -> str:
    return json.dumps(sorted(answer))


def curate(task: Task, org: OrgData, store: GraphStore, n: int, rng: np.random.Generator,
           ) -> tuple[list[Curated], int, Shortfall | None]:
    """Up to ``n`` curated instances of ``task``, the number of drafts tried, and the shortfall (None
    when every quota was met)."""
    q = Quotas.of(task, n)
    kept: list[Curated] = []
    seen: set[str] = set()
    per_answer: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    have = {"none": 0, "answerable": 0}
    flagged = 0
    need_flag = math.ceil(task.min_share[1] * q.answerable - 1e-9) if task.min_share else 0
    attempts = 0
    while (have["none"] < q.none or have["answerable"] < q.answerable) and attempts < ATTEMPTS_PER_INSTANCE * n:
        attempts += 1
        lag_none = have["none"] / q.none if q.none else 1.0
        lag_ans = have["answerable"] / q.answerable if q.answerable else 1.0
        intent = "none" if lag_none < lag_ans else "answerable"
        draft = task.draft(org, rng, intent)
        if draft is None or draft.identity() in seen:
            continue
        seen.add(draft.identity())
        answer = task.gold(store, draft)
        if answer == [NONE_ANSWER]:
            if have["none"] < q.none:
                have["none"] += 1
                kept.append(Curated(replace(draft, support=None), answer))
            continue
        if have["answerable"] >= q.answerable:
            continue
        reason = _rejection(task, draft, answer, per_answer[answer_key(answer)] >= q.cap)
        flag = bool(task.min_share and draft.support is not None and draft.support.extra.get(task.min_share[0]))
        if not reason and task.min_share and not flag and need_flag - flagged >= q.answerable - have["answerable"]:
            reason = f"{task.min_share[0]} share"
        if reason:
            rejected[reason] += 1
            continue
        per_answer[answer_key(answer)] += 1
        have["answerable"] += 1
        flagged += flag
        kept.append(Curated(draft, answer))
    short = None
    if have["none"] < q.none or have["answerable"] < q.answerable:
        short = Shortfall(task.name, (have["answerable"], q.answerable), (have["none"], q.none), dict(rejected))
    return kept, attempts, short


def _rejection(task: Task, draft: Draft, answer: list[str], capped: bool) -> str:
    """Why an answerable draft is not kept ("" when it is)."""
    if capped:
        return "answer cap"
    if not task.accept(draft, answer):
        return "band"
    if task.evidence:
        if draft.support is None:
            return "no support"
        if not draft.support.ok:
            return draft.support.reason.split(" (")[0]
    return ""
