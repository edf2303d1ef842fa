"""LDBC-style parameter curation: keep drafts until each task's quotas hold.

Rules, per task with ``n`` instances:
- ``round(n * none_share)`` false-presupposition instances (gold ``["None"]``, as the Cypher returns
  it) and the rest answerable; the curator is asked for whichever kind lags its quota;
- no degenerate answers: one answer (the sorted list of ids) may cover at most
  ``floor(0.2 * answerable)`` instances — further drafts with that answer are rejected;
- comparable difficulty: each task's ``accept`` keeps answerable drafts inside its band (bounded
  window sizes, a band of candidate counts, at most 3 tied ids ...), and its curator only proposes
  drafts from bounded families;
- no duplicates (same parameters);
- when answerable drafts run out (``STALL`` answerable drafts in a row kept none, e.g. the org has
  only 87 breached cases for PVI's 91 answerable slots), one answerable slot at a time becomes a None
  slot, up to ``MAX_NONE_SHARE`` of the instances; the answer cap is recomputed from the new count.
Gives up after ``ATTEMPTS_PER_INSTANCE * n`` drafts and returns what it kept (the summary shows it).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import numpy as np

from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Task
from crmarena.store.base import GraphStore

TOP_ANSWER_SHARE = 0.2
ATTEMPTS_PER_INSTANCE = 40
STALL = 500
MAX_NONE_SHARE = 0.35


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
        return cls(none, answerable, cap_for(answerable))

    def shift_to_none(self) -> "Quotas":
        return Quotas(self.none + 1, self.answerable - 1, cap_for(self.answerable - 1))


def cap_for(answerable: int) -> int:
    return max(1, int(TOP_ANSWER_SHARE * answerable + 1e-9))


def answer_key(answer: list[str]) -> str:
    return json.dumps(sorted(answer))


def curate(task: Task, org: OrgData, store: GraphStore, n: int, rng: np.random.Generator) -> tuple[list[Curated], int]:
    """Up to ``n`` curated instances of ``task`` and the number of drafts tried."""
    q = Quotas.of(task, n)
    kept: list[Curated] = []
    seen: set[str] = set()
    per_answer: Counter[str] = Counter()
    have = {"none": 0, "answerable": 0}
    attempts = stalled = 0
    while (have["none"] < q.none or have["answerable"] < q.answerable) and attempts < ATTEMPTS_PER_INSTANCE * n:
        attempts += 1
        lag_none = have["none"] / q.none if q.none else 1.0
        lag_ans = have["answerable"] / q.answerable if q.answerable else 1.0
        intent = "none" if lag_none < lag_ans else "answerable"
        if intent == "answerable":
            stalled += 1
            if stalled > STALL and q.none > 0 and q.none + 1 <= MAX_NONE_SHARE * n \
                    and max(per_answer.values(), default=0) <= cap_for(q.answerable - 1):
                q, stalled = q.shift_to_none(), 0
                continue
        draft = task.draft(org, rng, intent)
        if draft is None or draft.identity() in seen:
            continue
        seen.add(draft.identity())
        answer = task.gold(store, draft)
        if answer == [NONE_ANSWER]:
            if have["none"] < q.none:
                have["none"] += 1
                kept.append(Curated(draft, answer))
            continue
        key = answer_key(answer)
        if have["answerable"] < q.answerable and per_answer[key] < q.cap and task.accept(draft, answer):
            per_answer[key] += 1
            have["answerable"] += 1
            stalled = 0
            kept.append(Curated(draft, answer))
    return kept, attempts
