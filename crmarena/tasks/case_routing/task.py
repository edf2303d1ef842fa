"""New case routing (NCR), manager persona: which agent should a new case go to?

The "new case" is an existing case of the org presented as new (its subject, description and
product) on the day it was created (the instance's "today"); it is left out of every count. Gold rule
(the routing policy of the required context), over the routing lookback — the cases created in a
window ending on that day (records dated on or after it do not count: "Closed" means closed before
the lookback's end, and a closed case is credited to its owner, the agent who closed it, never to agents
it was transferred away from): the agents with the most Closed cases on the case's issue; among them,
the most Closed cases on the case's product; among those, the fewest lookback cases still open at its
end (not closed before it: the agent's workload when the case arrives); every agent still tied. One pass over
the lookback's cases gives the first and the last count.

Curation: any case whose issue and product are set; a lookback of 3 days – 4 years holding
``LOOKBACK.cases`` cases, so an instance reads comparable work at any org scale (without it every
instance at 1M cases reads the ~100,000 cases of its issue); at most 2 tied agents; no agent is the
answer of more than 20 % of the instances.
"""

from __future__ import annotations

import numpy as np

from crmarena.graph_schema.picklists import CLOSED, literal
from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, sample_window
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.product_windows import product_names

# Sorting key of the last steps: more product cases first (weighted above any open-case count), then
# fewer open cases.
PRODUCT_WEIGHT = 1_000_000
LOOKBACK = WindowFamily(relative={"days": (3, 180), "weeks": (1, 104), "months": (1, 48), "quarters": (1, 16)},
                        min_days=3, max_days=1461, cases=(150, 3000))


class CaseRouting(Task):
    name = "case_routing"
    persona = "manager"
    none_share = 0.0
    answer_type = "User id"
    # The lookback's cases come from the createdDate range index; the issue id is compared after a
    # projection, so the planner never starts from the issue and reads every case it ever had (one
    # pattern: the embedded engine joins a second MATCH on OWNED_BY by scanning it).
    cypher = f"""
MATCH (u:User)<-[:OWNED_BY]-(c:`Case`)-[:HAS_ISSUE]->(i:Issue)
WHERE {in_window('c.createdDate')} AND c.id <> $caseId
WITH u, c, i.id AS issue
WITH u.id AS agent, sum(CASE WHEN issue = $issueId AND c.status = {literal(CLOSED)} AND c.closedDate < $stop
                         THEN 1 ELSE 0 END) AS n,
     sum(CASE WHEN c.closedDate IS NULL OR c.closedDate >= $stop THEN 1 ELSE 0 END) AS open
WHERE n > 0
WITH max(n) AS best, collect({{agent: agent, n: n, open: open}}) AS rows
OPTIONAL MATCH (:Product {{id: $productId}})<-[:FOR_PRODUCT]-(:OrderItem)<-[:ABOUT_ORDER_ITEM]-(pc:`Case`)-[:OWNED_BY]->(pu:User)
WHERE pc.status = {literal(CLOSED)} AND pc.closedDate < $stop AND pc.id <> $caseId AND {in_window('pc.createdDate')}
WITH best, rows, collect(pu.id) AS productOwners
UNWIND rows AS r
WITH r, best, productOwners WHERE r.n = best
UNWIND productOwners + [r.agent] AS owner
WITH r.agent AS id, r.open AS open, sum(CASE WHEN owner = r.agent THEN 1 ELSE 0 END) - 1 AS onProduct
WITH id, open - onProduct * {PRODUCT_WEIGHT} AS key
{ARGMIN}"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) <= 2

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        cp = org.case_products
        row = cp.iloc[int(rng.integers(len(cp)))]
        if not isinstance(row["issueId"], str) or not isinstance(row["productId"], str):
            return None
        product = product_names(org)[row["productId"]]
        subject = str(row["subject"] or "").strip()
        description = str(row["description"] or "").strip()
        if not subject and not description:
            return None
        today = row["createdDate"].date()
        w = sample_window(rng, LOOKBACK, org, today=today)
        if w is None:
            return None
        return Draft(params={"caseId": row["id"], "issueId": row["issueId"], "productId": row["productId"],
                             **w.as_params()},
                     slots={"subject": subject, "description": description, "product": product},
                     intent=intent, key=row["id"], context={"window": w.describe(), "today": today.isoformat()},
                     info={"productName": product, "window": w.spec, "today": today.isoformat()})
