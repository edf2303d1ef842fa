"""Top issue identification (TII), analyst persona: the most reported issue for a product in a window.

Gold rule: cases created in the window on the product's order items, counted per issue; every issue
at the maximum. No case on the product in the window -> ``None`` (false presupposition: a product
with cases elsewhere in the org's history but none in this window).

Curation: windows of 2–12 months; answerable drafts are products with 4–60 cases in the window
(enough to rank issues, few enough to read them) whose top issue has at least
``support.MIN_TOP_ISSUE_CASES`` (3) cases (``support.count_winner``); at most 2 tied issues.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, pick, sample_window
from crmarena.queries.support import MIN_TOP_ISSUE_CASES, count_winner
from crmarena.queries.product_windows import cases_created_in, product_window_draft
from crmarena.queries.task import Draft, Intent, Task

FAMILY = WindowFamily(relative={"months": (2, 12), "quarters": (1, 4), "weeks": (8, 40)},
                      named=("quarter", "season", "year"), min_days=56, max_days=370)
CASES_BAND = (4, 60)


class TopIssueIdentification(Task):
    name = "top_issue_identification"
    persona = "analyst"
    none_share = 0.3
    answer_type = "Issue id"
    cypher = f"""
MATCH (p:Product {{id: $productId}})<-[:FOR_PRODUCT]-(:OrderItem)<-[:ABOUT_ORDER_ITEM]-(c:`Case`)-[:HAS_ISSUE]->(i:Issue)
WITH c, c.createdDate AS created, i.id AS id
WHERE {in_window('created')}
WITH id, -count(c) AS key
{ARGMIN}"""

    evidence = True

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) <= 2

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        w = sample_window(rng, FAMILY, org)
        if w is None:
            return None
        inside = cases_created_in(org, w)
        per = inside.groupby("productId").size()
        if intent == "none":
            candidates = sorted(set(org.case_products["productId"].dropna()) - set(per.index))
        else:
            top = inside.groupby(["productId", "issueId"]).size().groupby(level=0).max()
            band = per[(per >= CASES_BAND[0]) & (per <= CASES_BAND[1])].index
            candidates = sorted(p for p in band if top.get(p, 0) >= MIN_TOP_ISSUE_CASES)
        if not candidates:
            return None
        product = pick(rng, candidates)
        d = product_window_draft(org, w, product, intent, band=f"cases={int(per.get(product, 0))}")
        if intent == "none":
            return d
        issues = inside[inside["productId"] == product].groupby("issueId").size()
        support = count_winner({str(k): int(v) for k, v in issues.items()}, most=True, min_cases=MIN_TOP_ISSUE_CASES)
        return replace(d, support=support)
