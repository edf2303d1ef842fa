"""Conversion rate comprehension, sales manager persona: the rep with the highest or lowest lead
conversion rate in a window, among reps owning at least N leads created there.

Gold rule: leads created in the window (which ends on or before the instance's "today"); a rep (the
lead's owner) qualifies owning at least ``$threshold`` of them; the rep's conversion rate = the leads at
status Closed - Converted with a convertedDate before today (``$asOfDay``: later conversions do not
exist for the question) / the leads owned; the answer is every qualified rep at the largest
(``$sign = -1``) or smallest (``$sign = 1``) rate. Nobody qualified -> ``None``.

Curation (``rep_windows.rep_window_draft``): windows of 6 weeks – 1 year holding 60–2,000 leads;
answerable thresholds (at least 5 leads) leave 3–12 qualified reps; None thresholds are 1–3 above the
busiest rep's count. Evidence (``support.average_lead`` over 0/1 outcomes): every compared rate rests
on >= 5 leads and the winner's lead over the runner-up exceeds its standard error.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from crmarena.graph_schema.picklists import CLOSED_CONVERTED, literal
from crmarena.queries.cypher import ARGMIN, in_window as cypher_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.rep_windows import RepWindowTask, rep_leads, rep_window_draft
from crmarena.queries.support import MIN_AVERAGE_CASES, Support, average_lead
from crmarena.queries.task import Draft, Intent
from crmarena.queries.windows import Window

LEADS = (60, 2000)


class ConversionRateComprehension(RepWindowTask):
    name = "conversion_rate_comprehension"
    cypher = f"""
MATCH (l:Lead)-[:OWNED_BY]->(u:User)
WHERE {cypher_window('l.createdDate')}
WITH u.id AS id, count(l) AS leads,
     sum(CASE WHEN l.status = {literal(CLOSED_CONVERTED)} AND l.convertedDate < $asOfDay THEN 1 ELSE 0 END) AS converted
WHERE leads >= $threshold
WITH id, $sign * toFloat(converted) / leads AS key
{ARGMIN}"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        sign = 1 if rng.random() < 0.5 else -1
        d = rep_window_draft(self, org, rng, intent, records=rep_leads(org), bounds=LEADS, strict=False,
                             least=MIN_AVERAGE_CASES, sign=sign, extreme="lowest" if sign == 1 else "highest",
                             noun="lead", support=lambda w, t, n: self.support(org, w, t, n, sign))
        return None if d is None else replace(d, params={**d.params, "asOfDay": date.fromisoformat(d.info["today"])})

    def support(self, org: OrgData, w: Window, today: date, threshold: int, sign: int) -> Support:
        leads = rep_leads(org)
        converted = leads.column(w, "converted") & (leads.column(w, "convertedDay") < np.datetime64(today, "us"))
        return average_lead(leads.groups(w, converted.astype(float), threshold), smallest=sign == 1, unit="rate")
