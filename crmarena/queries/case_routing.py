"""New case routing (NCR), manager persona: which agent should a new case go to?

The "new case" is an existing case of the org presented as new (its subject, description and
product); it is left out of every count. Gold rule (the routing policy of the required context):
the agents with the most Closed cases on the case's issue; among them, the most Closed cases on the
case's product; among those, the fewest open (not Closed) cases; every agent still tied.

Curation: any case whose issue and product are set; at most 2 tied agents; no agent is the answer
of more than 20 % of the instances.
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.cypher import ARGMIN
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.top_issue_identification import product_names

# Sorting key of the last step: fewer open cases first, then more product cases (weighted above any
# open-case count).
PRODUCT_WEIGHT = 1_000_000


class CaseRouting(Task):
    name = "case_routing"
    persona = "manager"
    none_share = 0.0
    answer_type = "User id"
    cypher = f"""
MATCH (:Issue {{id: $issueId}})<-[:HAS_ISSUE]-(c:`Case`)-[:OWNED_BY]->(u:User)
WHERE c.status = 'Closed' AND c.id <> $caseId
WITH u.id AS agent, count(c) AS n
WITH max(n) AS best, collect({{agent: agent, n: n}}) AS rows
UNWIND rows AS r
WITH r, best WHERE r.n = best
MATCH (u:User) WHERE u.id = r.agent
OPTIONAL MATCH (u)<-[:OWNED_BY]-(pc:`Case`)-[:ABOUT_ORDER_ITEM]->(:OrderItem)-[:FOR_PRODUCT]->(:Product {{id: $productId}})
WHERE pc.status = 'Closed' AND pc.id <> $caseId
WITH u, count(pc) AS onProduct
OPTIONAL MATCH (u)<-[:OWNED_BY]-(oc:`Case`)
WHERE oc.status <> 'Closed' AND oc.id <> $caseId
WITH u, onProduct, count(oc) AS open
WITH u.id AS id, open - onProduct * {PRODUCT_WEIGHT} AS key
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
        return Draft(params={"caseId": row["id"], "issueId": row["issueId"], "productId": row["productId"]},
                     slots={"subject": subject, "description": description, "product": product},
                     intent=intent, key=row["id"], info={"productName": product})
