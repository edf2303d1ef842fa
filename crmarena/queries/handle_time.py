"""Handle time understanding (HTU), manager persona: the agent with the shortest or longest average
handle time in a window, among agents who managed more than N cases there.

Gold rule: cases created in the window; only records dated before the instance's "today" (``$asOf``,
00:00 UTC) count — later assignments and closings do not exist for the question; an agent managed a
case when an Owner Assignment of the case names them as new owner; qualified agents managed more than
``$threshold`` cases; their average handle time (closedDate - createdDate) runs over their cases
closed before today and never transferred (exactly one Owner Assignment) of the window; the answer is
every agent at the minimum (``$sign = 1``) or maximum (``$sign = -1``). Nobody qualified -> ``None``
(the false-presupposition instances: a threshold nobody in the window exceeds).

Curation: each instance has its own "today" (``draw_today``); windows of 1 day – 6 months (relative
or a named month/quarter/season) holding 40–3,000 cases, so the work is comparable at any org scale;
answerable thresholds leave between 3 and 12 qualified agents; false-presupposition thresholds are
0–2 above the busiest agent's count. Evidence (``support.average_lead``): every qualified agent's
average rests on >= 5 cases and the winner's lead over the runner-up exceeds its standard error.

The ``$asOf`` filter on assignments sits inside the count (``CASE WHEN ... < $asOf``), not in a
WHERE: there Neo4j's planner range-seeks most of CaseHistory(createdDate) instead of the window's
Case(createdDate). ``$threshold >= 0``, so agents with no assignment before today drop out as before.
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.agent_stats import agent_counts, handle_hours
from crmarena.queries.cypher import ARGMIN, HANDLE_MS, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.support import Support, average_lead
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import Window, midnight

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


class HandleTime(Task):
    name = "handle_time"
    persona = "manager"
    none_share = 0.3
    answer_type = "User id"
    cypher = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE {in_window('c.createdDate')} AND h.field = 'Owner Assignment'
MATCH (h)-[:NEW_OWNER]->(u:User)
WITH u, count(DISTINCT CASE WHEN h.createdDate < $asOf THEN c END) AS managed
WHERE managed > $threshold
MATCH (u)<-[:OWNED_BY]-(c:`Case`)
WHERE {in_window('c.createdDate')} AND c.status = 'Closed' AND c.closedDate < $asOf
MATCH (a:CaseHistory)-[:ON_CASE]->(c)
WHERE a.field = 'Owner Assignment'
WITH u, c, count(a) AS assignments
WHERE assignments = 1
WITH u.id AS id, $sign * avg{HANDLE_MS} AS key
{ARGMIN}"""
    evidence = True

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        sign = 1 if rng.random() < 0.5 else -1
        return agent_window_draft(self, org, rng, intent, strict=True, sign=sign,
                                  extreme="shortest" if sign == 1 else "longest", direction="min" if sign == 1 else "max")

    def support(self, org: OrgData, w: Window, as_of, threshold: int, sign: int) -> Support:
        managed = agent_counts(org, w, as_of)["managed"]
        qualified = set(managed[managed > threshold].index)
        return average_lead(handle_hours(org, w, as_of, qualified), smallest=sign == 1)


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
