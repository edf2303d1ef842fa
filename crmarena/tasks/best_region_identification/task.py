"""Best region identification (BRI), analyst persona: the states where cases closed fastest in a window.

Gold rule: cases created in the window and closed before the instance's "today" (``$asOf``: records
after it do not exist for the question), grouped by the case account's shippingState; only states with
at least ``$minCases`` (5) such cases compete; average close time (closedDate - createdDate); every
state at the minimum (``$sign = 1``, fastest) or maximum (``$sign = -1``, slowest: the regional speed
latent makes a few fast states win most windows, so asking for both extremes keeps answers varied).

Curation: any relative (1 day – 8 quarters) or named window (month, quarter, season, year) holding
30–3,000 cases, in which at least ``MIN_STATES`` states compete, so the answer is a real comparison;
the winner's lead over the runner-up exceeds its standard error (``support.average_lead``).
Distinct windows give distinct instances. Each instance has its own "today" (``draw_today``): with
every relative window ending on one date, regional speed makes the same few states win.
"""

from __future__ import annotations

import numpy as np

from crmarena.graph_schema.picklists import CLOSED, literal
from crmarena.queries.cypher import ARGMIN, HANDLE_MS, in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, sample_window
from crmarena.queries.support import MIN_AVERAGE_CASES, average_lead
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import midnight

FAMILY = WindowFamily(relative={"days": (1, 365), "weeks": (2, 78), "months": (1, 24), "quarters": (1, 8)},
                      named=("month", "quarter", "season", "year"), min_days=1, max_days=740, cases=(30, 3000))
MIN_STATES = 5


def _closed_cases(org: OrgData) -> dict[str, np.ndarray]:
    """Closed cases sorted by creation (UTC ns), with closing time, hours to close and state (cached)."""
    if "bri_closed" not in org.cache:
        cp = org.case_products
        c = cp[cp["status"] == CLOSED].sort_values("createdDate", kind="stable")
        utc_ns = lambda col: c[col].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[ns]")  # noqa: E731
        org.cache["bri_closed"] = {
            "created": utc_ns("createdDate"), "closed": utc_ns("closedDate"),
            "hours": ((c["closedDate"] - c["createdDate"]).dt.total_seconds() / 3600).to_numpy(),
            "state": c["shippingState"].astype(str).to_numpy()}
    return org.cache["bri_closed"]


def closed_hours_by_state(org: OrgData, start, stop, as_of) -> dict[str, np.ndarray]:
    """Hours to close of the cases created in [start, stop) and closed before ``as_of``, per state with
    at least ``MIN_AVERAGE_CASES`` of them (the states the gold rule compares)."""
    d = _closed_cases(org)
    t = lambda x: np.datetime64(x.replace(tzinfo=None), "ns")  # noqa: E731
    lo, hi = np.searchsorted(d["created"], [t(start), t(stop)])
    keep = d["closed"][lo:hi] < t(as_of)
    states, hours = d["state"][lo:hi][keep], d["hours"][lo:hi][keep]
    names, counts = np.unique(states, return_counts=True)
    return {str(n): hours[states == n] for n, k in zip(names, counts) if k >= MIN_AVERAGE_CASES}


class BestRegionIdentification(Task):
    name = "best_region_identification"
    persona = "analyst"
    none_share = 0.0
    answer_type = "state code"
    cypher = f"""
MATCH (c:`Case`)-[:FOR_ACCOUNT]->(a:Account)
WHERE {in_window('c.createdDate')} AND c.status = {literal(CLOSED)} AND c.closedDate < $asOf
WITH a.shippingState AS id, $sign * avg{HANDLE_MS} AS key, count(c) AS n
WHERE n >= $minCases
{ARGMIN}"""
    evidence = True

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) <= 2

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        today = draw_today(rng, org)
        w = sample_window(rng, FAMILY, org, today=today)
        if w is None:
            return None
        as_of = midnight(today)
        competing = closed_hours_by_state(org, w.start, w.stop, as_of)
        if len(competing) < MIN_STATES:
            return None
        sign = 1 if rng.random() < 0.5 else -1
        support = average_lead(competing, smallest=sign == 1)
        if not support.ok:
            return None
        extreme = self.phrases.word("shortest" if sign == 1 else "longest", rng)
        return Draft(params={**w.as_params(), "asOf": as_of, "minCases": MIN_AVERAGE_CASES, "sign": sign},
                     slots={"window": w.phrase, "Window": w.phrase[0].upper() + w.phrase[1:],
                            "extreme": extreme, "speed": "fastest" if sign == 1 else "slowest",
                            "min_cases": str(MIN_AVERAGE_CASES)},
                     intent=intent, context={"window": w.describe(), "today": today.isoformat(),
                                             "min_cases": str(MIN_AVERAGE_CASES)},
                     band=f"states={len(competing)}", info={"window": w.spec, "today": today.isoformat(),
                                                             "direction": "min" if sign == 1 else "max"},
                     support=support)
