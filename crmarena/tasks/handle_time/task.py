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

from crmarena.graph_schema.picklists import CLOSED, OWNER_ASSIGNMENT, literal
from crmarena.queries.agent_stats import agent_counts, handle_hours
from crmarena.queries.agent_windows import agent_window_draft
from crmarena.queries.cypher import ARGMIN, HANDLE_MS, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.support import Support, average_lead
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import Window

class HandleTime(Task):
    name = "handle_time"
    persona = "manager"
    none_share = 0.3
    answer_type = "User id"
    cypher = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE {in_window('c.createdDate')} AND h.field = {literal(OWNER_ASSIGNMENT)}
MATCH (h)-[:NEW_OWNER]->(u:User)
WITH u, count(DISTINCT CASE WHEN h.createdDate < $asOf THEN c END) AS managed
WHERE managed > $threshold
MATCH (u)<-[:OWNED_BY]-(c:`Case`)
WHERE {in_window('c.createdDate')} AND c.status = {literal(CLOSED)} AND c.closedDate < $asOf
MATCH (a:CaseHistory)-[:ON_CASE]->(c)
WHERE a.field = {literal(OWNER_ASSIGNMENT)}
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
