"""Monthly trend analysis (MTA), analyst persona: the month with clearly more cases for a product.

Gold rule: the product's cases created in the window, counted per calendar month of createdDate;
every month at the maximum, answered by its English name. Windows never cover a calendar month twice
(at most 12 months, relative ones at most 11 so partial end months cannot repeat), so a name is unique.

Curation: windows of 3–12 months; only products whose busiest month is clearly ahead — at least
``MARGIN`` cases and 25 % more than the runner-up — so "clearly more" holds (this check is the
curator's, on the Parquet tables; the gold answer is the Cypher's).
"""

from __future__ import annotations

import calendar
import math
from typing import Any

import numpy as np

from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, pick, sample_window
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.top_issue_identification import cases_created_in, product_window_draft

FAMILY = WindowFamily(relative={"months": (3, 11), "quarters": (1, 3)}, named=("quarter", "season", "year"),
                      min_days=85, max_days=366)
MARGIN = 2


def clear_peak(counts: np.ndarray) -> bool:
    """The largest count leads the runner-up by at least MARGIN cases and 25 %."""
    if len(counts) == 0:
        return False
    s = np.sort(counts)[::-1]
    second = s[1] if len(s) > 1 else 0
    return s[0] - second >= max(MARGIN, math.ceil(0.25 * s[0]))


class MonthlyTrendAnalysis(Task):
    name = "monthly_trend_analysis"
    persona = "analyst"
    none_share = 0.0
    answer_type = "month name"
    cypher = f"""
MATCH (p:Product {{id: $productId}})<-[:FOR_PRODUCT]-(:OrderItem)<-[:ABOUT_ORDER_ITEM]-(c:`Case`)
WITH c, c.createdDate AS created
WHERE {in_window('created')}
WITH created.month AS id, -count(c) AS key
{ARGMIN}"""

    def answer(self, rows: list[dict[str, Any]]) -> list[str]:
        months = sorted({int(r["answer"]) for r in rows if r.get("answer") is not None})
        return [calendar.month_name[m] for m in months] or [NONE_ANSWER]

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        w = sample_window(rng, FAMILY, org)
        if w is None:
            return None
        inside = cases_created_in(org, w)
        per = inside.groupby(["productId", inside["createdDate"].dt.month]).size()
        clear = sorted(p for p, counts in per.groupby(level=0) if clear_peak(counts.to_numpy()))
        if not clear:
            return None
        return product_window_draft(org, w, pick(rng, clear), intent, band=f"window={w.spec}")
