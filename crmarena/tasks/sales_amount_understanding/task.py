"""Sales amount understanding, sales manager persona: the rep with the highest or lowest total Closed Won
amount in a window, among reps who won more than N deals there.

Gold rule: opportunities at stage Closed Won whose closeDate lies in the window (closed before the
instance's "today": every window ends on or before it); a rep (the opportunity's owner) qualifies with
more than ``$threshold`` such deals; the answer is every qualified rep at the largest (``$sign = -1``) or
smallest (``$sign = 1``) sum of ``amount``. Nobody qualified -> ``None`` (a threshold nobody meets).

Curation (``rep_windows.rep_window_draft``): windows of 6 weeks – 1 year holding 20–400 won deals;
answerable thresholds leave 3–12 qualified reps, each with at least 3 deals (no total resting on one
or two deals); None thresholds are 0–2 above the best rep's count. Evidence: the winner's total leads
the runner-up's by at least ``MIN_LEAD`` (a share of the winner's total), so the answer is no
rounding accident.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from crmarena.graph_schema.picklists import CLOSED_WON, literal
from crmarena.queries.cypher import ARGMIN
from crmarena.queries.orgdata import OrgData
from crmarena.queries.rep_windows import RepWindowTask, rep_window_draft, won_deals
from crmarena.queries.support import Support
from crmarena.queries.task import Draft, Intent
from crmarena.queries.windows import Window

MIN_DEALS = 3
MIN_LEAD = 0.02
DEALS = (20, 400)

# closeDate is a DATE: the window's datetime bounds are compared as days.
WON_IN_WINDOW = f"o.closeDate >= date($start) AND o.closeDate < date($stop) AND o.stageName = {literal(CLOSED_WON)}"


class SalesAmountUnderstanding(RepWindowTask):
    name = "sales_amount_understanding"
    cypher = f"""
MATCH (o:Opportunity)-[:OWNED_BY]->(u:User)
WHERE {WON_IN_WINDOW}
WITH u.id AS id, count(o) AS won, sum(o.amount) AS total
WHERE won > $threshold
WITH id, $sign * total AS key
{ARGMIN}"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        sign = 1 if rng.random() < 0.5 else -1
        return rep_window_draft(self, org, rng, intent, records=won_deals(org), bounds=DEALS, strict=True,
                                least=MIN_DEALS, sign=sign, extreme="lowest" if sign == 1 else "highest", noun="deal",
                                support=lambda w, t, n: self.support(org, w, t, n, sign))

    def support(self, org: OrgData, w: Window, today: date, threshold: int, sign: int) -> Support:
        deals = won_deals(org)
        groups = deals.groups(w, deals.column(w, "amount"), threshold + 1)
        ranked = sorted(groups, key=lambda r: (float(groups[r].sum()) * sign, r))
        if len(ranked) < 2:
            return Support(0, 0, reason="fewer than two qualified reps")
        win, run = groups[ranked[0]], groups[ranked[1]]
        lead = abs(float(win.sum()) - float(run.sum()))
        s = Support(len(win), lead, lead / max(float(win.sum()), 1.0),
                    {"runnerUpDeals": len(run), "compared": len(groups), "unit": "amount"})
        if lead < MIN_LEAD * max(float(win.sum()), float(run.sum())):
            return Support(s.cases, s.margin, s.statistic, s.extra, reason="the winner leads by too little")
        return s
