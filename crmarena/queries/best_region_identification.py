"""Best region identification (BRI), analyst persona: the states where cases closed fastest in a window.

Gold rule: Closed cases created in the window, grouped by the case account's shippingState; average
close time (closedDate - createdDate); every state at the minimum.

Curation: any relative (1 day – 8 quarters) or named window (month, quarter, season, year) holding
30–3,000 cases, in which at least ``MIN_STATES`` states have Closed cases, so the answer is a real comparison; at most 2 tied
states. Distinct windows give distinct instances. Each instance has its own "today" (``draw_today``):
with every relative window ending on one date, regional speed makes the same few states win.
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.cypher import ARGMIN, HANDLE_MS, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.task import Draft, Intent, Task

FAMILY = WindowFamily(relative={"days": (1, 365), "weeks": (2, 78), "months": (1, 24), "quarters": (1, 8)},
                      named=("month", "quarter", "season", "year"), min_days=1, max_days=740, cases=(30, 3000))
MIN_STATES = 5


class BestRegionIdentification(Task):
    name = "best_region_identification"
    persona = "analyst"
    none_share = 0.0
    answer_type = "state code"
    cypher = f"""
MATCH (c:`Case`)-[:FOR_ACCOUNT]->(a:Account)
WHERE {in_window('c.createdDate')} AND c.status = 'Closed'
WITH a.shippingState AS id, avg{HANDLE_MS} AS key
{ARGMIN}"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) <= 2

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        today = draw_today(rng, org)
        w = sample_window(rng, FAMILY, org, today=today)
        if w is None:
            return None
        cp = org.case_products
        closed = cp[(cp["status"] == "Closed") & (cp["createdDate"] >= w.start) & (cp["createdDate"] < w.stop)]
        states = closed["shippingState"].nunique()
        if states < MIN_STATES:
            return None
        return Draft(params=w.as_params(), slots={"window": w.phrase, "Window": w.phrase[0].upper() + w.phrase[1:]},
                     intent=intent, context={"window": w.describe(), "today": today.isoformat()},
                     band=f"states={states}", info={"window": w.spec, "today": today.isoformat()})
