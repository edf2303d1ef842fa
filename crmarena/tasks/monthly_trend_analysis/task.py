"""Monthly trend analysis (MTA), analyst persona: the month with clearly more cases for a product.

Gold rule: the product's cases created in the window, counted per calendar month of createdDate;
every month at the maximum, answered by its English name. Windows never cover a calendar month twice
(at most 12 months, relative ones at most 11 so partial end months cannot repeat), so a name is unique.

Curation: each instance has its own "today" (``draw_today``; relative windows end on it, so their
first and last months may be partial); windows of 3–12 months; only products whose peak month holds
the evidence of ``support.peak_month`` (>= 5 cases, a lead of >= 2 cases and 25 % over the
runner-up, an exact one-sided binomial test at p < 0.05 against the window's mean, months weighted by
their days in the window) — this check is the curator's, on the Parquet tables; the gold answer is
the Cypher's.
"""

from __future__ import annotations

import calendar
from typing import Any

from dataclasses import replace

import numpy as np

from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, pick, sample_window
from crmarena.queries.support import Support, peak_month, peak_month_candidates
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.product_windows import cases_created_in, product_window_draft
from crmarena.queries.windows import Window, add_months, midnight

FAMILY = WindowFamily(relative={"months": (3, 11), "quarters": (1, 3)}, named=("quarter", "season", "year"),
                      min_days=85, max_days=366)


def window_months(w: Window) -> list[tuple[int, int]]:
    """(month number, days of that month inside the window) for every calendar month ``w`` touches."""
    out, t = [], w.start
    while t < w.stop:
        nxt = midnight(add_months(t.date().replace(day=1), 1))
        out.append((t.month, (min(nxt, w.stop) - t).days))
        t = nxt
    return out


def month_counts(months: list[tuple[int, int]], product: np.ndarray, created_months: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(products in order, their cases per month of ``months`` as a products x months matrix) for cases
    given by product and createdDate month (months outside the window are not counted)."""
    products, codes = np.unique(product, return_inverse=True)
    column = np.full(13, -1)
    column[[m for m, _ in months]] = np.arange(len(months))
    col = column[np.asarray(created_months, int)]
    inside = col >= 0
    counts = np.zeros((len(products), len(months)), int)
    np.add.at(counts, (codes[inside], col[inside]), 1)
    return products, counts


def supported_products(months: list[tuple[int, int]], product: np.ndarray, created_months: np.ndarray
                       ) -> dict[str, Support]:
    """Each product whose cases pass ``support.peak_month`` over the window's months, with its support
    (the count rules prefilter the products in one pass; the binomial test runs on the rest only)."""
    products, counts = month_counts(months, product, created_months)
    days = [d for _, d in months]
    out = {}
    for i in np.flatnonzero(peak_month_candidates(counts)):
        s = peak_month(counts[i].tolist(), days)
        if s.ok:
            out[str(products[i])] = s
    return out


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

    evidence = True

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        today = draw_today(rng, org)
        w = sample_window(rng, FAMILY, org, today=today)
        if w is None:
            return None
        months = window_months(w)
        inside = cases_created_in(org, w)
        supported = supported_products(months, inside["productId"].to_numpy(), inside["createdDate"].dt.month.to_numpy())
        if not supported:
            return None
        product = pick(rng, sorted(supported))
        d = product_window_draft(org, w, product, intent, band=f"window={w.spec}", today=today)
        return replace(d, support=supported[product])
