"""Sales cycle understanding, sales manager persona: the rep with the shortest or longest average sales
cycle in a window, among reps with more than N deals won there.

Gold rule: opportunities at stage Closed Won whose closeDate lies in the window (every window ends on or
before the instance's "today"); the sales cycle of one is the number of days from its creation day
(``date(createdDate)``, UTC) to its contract's ``customerSignedDate`` (Opportunity-[:UNDER_CONTRACT]->
Contract); a rep (the owner) qualifies with more than ``$threshold`` such deals; the answer is every
qualified rep at the smallest (``$sign = 1``) or largest (``$sign = -1``) average cycle. Nobody
qualified -> ``None``.

Curation (``rep_windows.rep_window_draft``): windows of 6 weeks – 1 year holding 20–400 won deals;
answerable thresholds leave 3–12 qualified reps; None thresholds are 0–2 above the best rep's count.
Evidence (``support.average_lead``): every compared average rests on >= 5 deals and the winner's lead
over the runner-up exceeds its standard error.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from crmarena.queries.cypher import ARGMIN
from crmarena.queries.orgdata import OrgData
from crmarena.queries.rep_windows import RepWindowTask, rep_window_draft, won_deals
from crmarena.queries.support import MIN_AVERAGE_CASES, Support, average_lead
from crmarena.queries.task import Draft, Intent
from crmarena.queries.windows import Window
from crmarena.tasks.sales_amount_understanding.task import DEALS, WON_IN_WINDOW


class SalesCycleUnderstanding(RepWindowTask):
    name = "sales_cycle_understanding"
    cypher = f"""
MATCH (o:Opportunity)-[:OWNED_BY]->(u:User)
WHERE {WON_IN_WINDOW}
MATCH (o)-[:UNDER_CONTRACT]->(k:Contract)
WITH u.id AS id, count(o) AS won, avg(duration.inDays(date(o.createdDate), k.customerSignedDate).days) AS cycle
WHERE won > $threshold
WITH id, $sign * cycle AS key
{ARGMIN}"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        sign = 1 if rng.random() < 0.5 else -1
        return rep_window_draft(self, org, rng, intent, records=won_deals(org), bounds=DEALS, strict=True,
                                least=MIN_AVERAGE_CASES, sign=sign, extreme="shortest" if sign == 1 else "longest",
                                noun="deal", support=lambda w, t, n: self.support(org, w, t, n, sign))

    def support(self, org: OrgData, w: Window, today: date, threshold: int, sign: int) -> Support:
        deals = won_deals(org)
        return average_lead(deals.groups(w, deals.column(w, "cycle"), threshold + 1), smallest=sign == 1, unit="days")
