"""Quote approval, sales manager persona: "Should quote X be approved under the discount policy?"

Gold rule (the Quote Discount Approval Policy article, sales.yaml ``policies.discount``): the quote's
account segment by Account.numberOfEmployees (Small below ``$midFrom``, Mid-Market below
``$enterpriseFrom``, Enterprise from it: the ``lo`` bounds of sales.yaml ``companies.segments``);
every QuoteLineItem.discount at most the segment's limit (``$limits``, in segment order, from
``max_line_discount``) -> Approved, else Rejected (the Quote.status values, as ``$approved`` /
``$rejected``).

Curation: a draft picks a quote that breaks its limit (~15 % of the quotes: 114 of 780 at seed 7 b2b)
with chance 1/2, else one within it; ``top_share`` = 1/2, so the 130 instances are half of each. The
quote's own status field is not the answer (the simulator's statuses follow the deal, not the policy).
No None instances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmarena.graph_schema.picklists import value
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

APPROVED = value("Quote", "status", "Approved")
REJECTED = value("Quote", "status", "Rejected")


def policy_params() -> dict:
    from crmarena.simulator.config import data

    sd = data("sales")
    segments = sd["companies"]["segments"]
    limits = sd["policies"]["discount"]["max_line_discount"]
    return {"limits": [float(limits[s["name"]]) for s in segments], "midFrom": int(segments[1]["lo"]),
            "enterpriseFrom": int(segments[2]["lo"]), "approved": APPROVED, "rejected": REJECTED}


def policy_context() -> dict[str, str]:
    from crmarena.simulator.config import data

    p = policy_params()
    names = [s["name"] for s in data("sales")["companies"]["segments"]]
    return {"mid_from": f"{p['midFrom']:,}", "enterprise_below": f"{p['enterpriseFrom'] - 1:,}",
            "enterprise_from": f"{p['enterpriseFrom']:,}",
            "limits": ", ".join(f"{n} {lim:g}%" for n, lim in zip(names, p["limits"]))}


def quote_breaches(org: OrgData) -> pd.Series:
    """Quote id -> whether a line exceeds its segment's limit (curation only, never the gold)."""
    if "quote_breach" not in org.cache:
        p = policy_params()
        q = org.table("Quote").set_index("id")
        staff = q["accountId"].map(org.table("Account").set_index("id")["numberOfEmployees"])
        seg = np.where(staff < p["midFrom"], 0, np.where(staff < p["enterpriseFrom"], 1, 2))
        top = org.table("QuoteLineItem").groupby("quoteId")["discount"].max().reindex(q.index)
        org.cache["quote_breach"] = (top > np.asarray(p["limits"])[seg]).where(top.notna())
    return org.cache["quote_breach"]


class QuoteApproval(Task):
    name = "quote_approval"
    persona = "sales manager"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.0
    top_share = 0.5
    answer_type = "Approved or Rejected"
    cypher = """
MATCH (q:Quote {id: $quoteId})-[:FOR_ACCOUNT]->(a:Account)
MATCH (l:QuoteLineItem)-[:IN_QUOTE]->(q)
WITH a.numberOfEmployees AS staff, max(l.discount) AS top
WITH top, CASE WHEN staff < $midFrom THEN $limits[0] WHEN staff < $enterpriseFrom THEN $limits[1]
               ELSE $limits[2] END AS lim
RETURN CASE WHEN top <= lim THEN $approved ELSE $rejected END AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        breach = quote_breaches(org).dropna()
        pool = breach[breach.astype(bool) == (rng.random() < 0.5)].index
        if len(pool) == 0:
            return None
        quote = str(pool[int(rng.integers(len(pool)))])
        return Draft(params={"quoteId": quote, **policy_params()}, slots={"quote_id": quote}, intent=intent,
                     key=quote, context=policy_context())
