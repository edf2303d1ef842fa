"""Manager questions about agents in a window (handle time, transfer count): the shared curation.

An instance has its own "today" (``draw_today``), a window of bounded work ending on or before it
(``FAMILY``) and a "managed N cases" threshold leaving ``QUALIFIED_BAND`` agents qualified (or, for a
false-presupposition instance, one nobody meets).
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.agent_stats import agent_counts
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import midnight

FAMILY = WindowFamily(relative={"days": (1, 90), "weeks": (1, 26), "months": (1, 6), "quarters": (1, 2)},
                      named=("month", "quarter", "season"), min_days=1, max_days=190, cases=(40, 3000))
QUALIFIED_BAND = (3, 12)


def pick_threshold(rng: np.random.Generator, managed: np.ndarray, strict: bool) -> int | None:
    """A threshold leaving between QUALIFIED_BAND agents qualified (``managed > t`` if strict, else
    ``managed >= t``); ``managed`` sorted descending. Ties at the k-th count may push the number past
    the band; then the next count up is tried. None when no threshold fits."""
    lo, hi = QUALIFIED_BAND
    k = int(rng.integers(lo, min(hi, len(managed)) + 1))
    for count in (int(managed[k - 1]), int(managed[k - 1]) + 1):
        t = count - 1 if strict else count
        qualified = int((managed > t).sum()) if strict else int((managed >= t).sum())
        if lo <= qualified <= hi and (t >= 0 if strict else t >= 1):
            return t
    return None


def draw_threshold(rng: np.random.Generator, org: OrgData, window, as_of, intent: Intent,
                   strict: bool) -> int | None:
    """The "managed more than N cases" threshold of an instance in ``window``: one nobody meets for a
    false-presupposition intent, else one leaving QUALIFIED_BAND agents (``pick_threshold``)."""
    managed = agent_counts(org, window, as_of)["managed"].to_numpy()
    if len(managed) < QUALIFIED_BAND[0]:
        return None
    if intent == "none":
        return int(managed[0]) + (0 if strict else 1) + int(rng.integers(0, 3))
    return pick_threshold(rng, managed, strict=strict)



def agent_window_draft(task: Task, org: OrgData, rng: np.random.Generator, intent: Intent, *, strict: bool,
                       sign: int, extreme: str, direction: str) -> Draft | None:
    """A manager question about agents in a window (handle time, transfer count): the instance's own
    "today", a window of bounded work ending on or before it, and a "managed N cases" threshold."""
    today = draw_today(rng, org)
    as_of = midnight(today)
    w = sample_window(rng, FAMILY, org, today=today)
    if w is None:
        return None
    threshold = draw_threshold(rng, org, w, as_of, intent, strict=strict)
    if threshold is None:
        return None
    support = None
    if intent == "answerable":
        support = task.support(org, w, as_of, threshold, sign)
        if not support.ok:
            return None
    word = task.phrases.word(extreme, rng)
    return Draft(params={**w.as_params(), "threshold": threshold, "sign": sign, "asOf": as_of},
                 slots={"extreme": word, "window": w.phrase, "Window": w.phrase[0].upper() + w.phrase[1:],
                        "threshold": str(threshold), "n_cases": f"{threshold} case{'s' if threshold != 1 else ''}"},
                 intent=intent, context={"window": w.describe(), "today": today.isoformat()}, band=f"window={w.spec}",
                 info={"window": w.spec, "direction": direction, "today": today.isoformat()}, support=support)
