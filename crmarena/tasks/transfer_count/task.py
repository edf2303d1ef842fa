"""Transfer count understanding (TCU), manager persona: the agent with the most or fewest transfers in
a window, among agents who managed at least N cases there.

Gold rule: cases created in the window; only records dated before the instance's "today" (``$asOf``)
count; managed = distinct cases with an Owner Assignment naming the
agent as new owner; qualified agents managed ``>= $threshold`` cases; a transfer is an Owner
Assignment with an old owner and counts for that old owner; qualified agents without transfers count
0; the answer is every agent at the minimum (``$sign = 1``, fewest) or maximum (``$sign = -1``, most).
Nobody qualified -> ``None`` (false presupposition: a threshold above the busiest agent's count).

The ``$asOf`` filters sit inside the aggregates (``CASE WHEN ... < $asOf``), not in a WHERE: as a
WHERE they let Neo4j's planner start from an open-ended CaseHistory(createdDate) range seek (most of
the history) instead of the window's Case(createdDate) seek.

Curation: as handle_time's (own "today", windows of bounded work); answerable thresholds leave 3–12 qualified agents; at most 3 tied
answers (so "fewest" instances where many agents never transferred are rejected); evidence
(``support.count_winner``): never an extreme that every qualified agent shares (an all-zero tie), never
"most" answered by 0 transfers.
"""

from __future__ import annotations

import numpy as np

from crmarena.graph_schema.picklists import OWNER_ASSIGNMENT, literal
from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.agent_stats import agent_counts
from crmarena.queries.agent_windows import agent_window_draft
from crmarena.queries.orgdata import OrgData
from crmarena.queries.support import Support, count_winner
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import Window


class TransferCount(Task):
    name = "transfer_count"
    persona = "manager"
    none_share = 0.3
    answer_type = "User id"
    cypher = f"""
MATCH (c:`Case`)
WHERE {in_window('c.createdDate')}
MATCH (h:CaseHistory)-[:ON_CASE]->(c)
WHERE h.field = {literal(OWNER_ASSIGNMENT)}
MATCH (h)-[:NEW_OWNER]->(u:User)
WITH u, count(DISTINCT CASE WHEN h.createdDate < $asOf THEN c END) AS managed
WHERE managed > 0 AND managed >= $threshold
OPTIONAL MATCH (u)<-[:OLD_OWNER]-(t:CaseHistory)-[:ON_CASE]->(tc:`Case`)
WHERE t.field = {literal(OWNER_ASSIGNMENT)} AND {in_window('tc.createdDate')}
WITH u.id AS id, $sign * count(CASE WHEN t.createdDate < $asOf THEN t END) AS key
{ARGMIN}"""
    evidence = True

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        sign = -1 if rng.random() < 0.6 else 1
        return agent_window_draft(self, org, rng, intent, strict=False, sign=sign,
                                  extreme="most" if sign == -1 else "fewest", direction="max" if sign == -1 else "min")

    def support(self, org: OrgData, w: Window, as_of, threshold: int, sign: int) -> Support:
        counts = agent_counts(org, w, as_of)
        qualified = counts[counts["managed"] >= threshold]
        return count_winner({str(k): int(v) for k, v in qualified["transfers"].items()}, most=sign == -1)
