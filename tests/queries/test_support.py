"""The support rules (crmarena/queries/support.py) reject hand-made degenerate evidence and keep real
evidence; curation rejects drafts whose support fails, keeps a flagged share, and reports shortfalls."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crmarena.queries import support as S
from crmarena.queries.curation import curate
from crmarena.tasks.named_entity_disambiguation.task import date_support
from crmarena.queries.task import Draft, Task

DAYS3 = [31, 30, 31]


# --- peak month ---------------------------------------------------------------------------------------
def test_peak_month_two_cases_against_zero_is_not_a_trend():
    s = S.peak_month([2, 0, 0], DAYS3)          # the old degenerate instance: "2 vs 0"
    assert not s.ok and "< 5" in s.reason


def test_peak_month_needs_a_lead_over_the_runner_up():
    s = S.peak_month([6, 5, 0], DAYS3)
    assert not s.ok and "runner-up" in s.reason


def test_peak_month_needs_a_significant_binomial_test():
    s = S.peak_month([7, 4, 3, 4, 3, 4], [31, 30, 31, 31, 30, 31])   # 7 of 25 in one of six months
    assert s.statistic == pytest.approx(stats.binom.sf(6, 25, 31 / 184))
    assert not s.ok and "not significant" in s.reason


def test_peak_month_holds_with_real_evidence_and_records_it():
    s = S.peak_month([9, 2, 1], DAYS3)
    assert s.ok and s.cases == 9 and s.margin == 7
    assert s.statistic == pytest.approx(stats.binom.sf(8, 12, 31 / 92)) and s.statistic < 0.05
    rec = s.record()
    assert rec["cases"] == 9 and rec["runnerUp"] == 2 and rec["total"] == 12 and 0 < rec["statistic"] < 0.05


def test_peak_month_weighs_months_by_their_days():
    # 5 cases in a 31-day month beside 1 case in a 3-day partial month: the short month's mean is tiny,
    # so the test is against the window's mean per day, not per month
    s = S.peak_month([1, 5], [3, 31])
    assert s.statistic == pytest.approx(stats.binom.sf(4, 6, 31 / 34))


# --- averages -----------------------------------------------------------------------------------------
def test_average_resting_on_one_case_is_rejected():
    s = S.average_lead({"AA": [1.0], "BB": [9.0] * 6, "CC": [10.0, 11, 12, 9, 8]}, smallest=True)
    assert not s.ok and "rests on 1 cases" in s.reason and s.cases == 1


def test_average_lead_within_its_standard_error_is_rejected():
    rng = np.random.default_rng(1)
    a, b = rng.normal(10, 5, 8), rng.normal(10, 5, 8)
    b = b - b.mean() + a.mean() + 0.1                            # a lead of 0.1 hours, SE ~2.5
    s = S.average_lead({"AA": a, "BB": b}, smallest=True)
    assert not s.ok and "standard error" in s.reason and s.statistic < 1


def test_average_lead_beyond_its_standard_error_holds_either_way():
    fast, slow = [1.0, 2, 1.5, 2.5, 1, 2], [9.0, 10, 11, 9.5, 10.5]
    s = S.average_lead({"FAST": fast, "SLOW": slow}, smallest=True)
    assert s.ok and s.cases == 6 and s.extra["runnerUpCases"] == 5 and s.statistic > 1
    se = np.sqrt(np.var(fast, ddof=1) / 6 + np.var(slow, ddof=1) / 5)
    assert s.extra["se"] == pytest.approx(se) and s.margin == pytest.approx(np.mean(slow) - np.mean(fast))
    assert S.average_lead({"FAST": fast, "SLOW": slow}, smallest=False).cases == 5


# --- counts -------------------------------------------------------------------------------------------
def test_most_transfers_where_everyone_made_none_is_rejected():
    s = S.count_winner({"u1": 0, "u2": 0, "u3": 0}, most=True)
    assert not s.ok and "every compared id" in s.reason


def test_fewest_shared_by_every_candidate_is_rejected():
    assert not S.count_winner({"u1": 2, "u2": 2}, most=False).ok
    assert S.count_winner({"u1": 2, "u2": 0, "u3": 0}, most=False).ok


def test_top_issue_on_two_cases_is_rejected():
    s = S.count_winner({"i1": 2, "i2": 1, "i3": 1}, most=True, min_cases=S.MIN_TOP_ISSUE_CASES)
    assert not s.ok and "< 3" in s.reason
    assert S.count_winner({"i1": 3, "i2": 1}, most=True, min_cases=3).ok


# --- NED: does the date disambiguate? --------------------------------------------------------------------
def _purchases(rows):
    return pd.DataFrame(rows, columns=["productId", "name", "effectiveDate", "status"])


def test_ned_date_is_needed_only_when_another_days_purchase_matches():
    d1, d2 = date(2023, 5, 1), date(2023, 6, 1)
    mine = _purchases([("p1", "Alto Trail Runner", d1, "Activated"), ("p2", "Corvo Trail Boot", d2, "Activated"),
                       ("p3", "Lumen Tee", d2, "Activated")])
    assert date_support(mine, d1, ["trail"]).extra["dateNeeded"] is True
    only = date_support(mine, d1, ["runner"])
    assert only.extra["dateNeeded"] is False and only.cases == 1
    same = _purchases([("p1", "Alto Trail Runner", d1, "Activated"), ("p1", "Alto Trail Runner", d2, "Activated")])
    assert date_support(same, d1, ["trail"]).extra["dateNeeded"] is False   # same product: the date adds nothing


# --- curation -----------------------------------------------------------------------------------------
class _Crafted(Task):
    """A task whose drafts carry hand-made support; gold is the draft's own answer (no store)."""

    name = "crafted"
    persona = "analyst"
    answer_type = "id"
    cypher = "RETURN 1 AS answer"
    evidence = True

    def __init__(self, supports, min_share=None):
        self.supports, self.min_share, self.i = supports, min_share, 0

    def draft(self, org, rng, intent):
        s = self.supports[self.i % len(self.supports)]
        self.i += 1
        return Draft(params={"i": self.i}, slots={}, intent=intent, support=s)

    def gold(self, store, draft):
        return [f"a{draft.params['i'] % 7}"]


GOOD = S.peak_month([9, 2, 1], DAYS3)
THIN = S.peak_month([2, 0, 0], DAYS3)


def test_curation_rejects_thin_support_and_reports_the_shortfall():
    kept, _, short = curate(_Crafted([THIN]), None, None, 10, np.random.default_rng(0))
    assert kept == [] and short is not None
    assert short.answerable == (0, 10) and short.rejected == {"peak month has 2 cases": 400}
    assert "answerable 0/10" in short.describe()


def test_curation_keeps_supported_drafts_only():
    kept, _, short = curate(_Crafted([THIN, GOOD]), None, None, 10, np.random.default_rng(0))
    assert short is None and len(kept) == 10 and all(c.draft.support is GOOD for c in kept)


def test_curation_keeps_the_flagged_share():
    flagged = S.Support(1, 0, None, {"dateNeeded": True})
    plain = S.Support(1, 0, None, {"dateNeeded": False})
    task = _Crafted([plain, plain, plain, flagged], min_share=("dateNeeded", 0.5))
    kept, _, short = curate(task, None, None, 10, np.random.default_rng(0))
    assert short is None and sum(c.draft.support.extra["dateNeeded"] for c in kept) >= 5


def test_the_vectorised_peak_month_prefilter_keeps_every_product_the_full_rule_accepts():
    from crmarena.queries.support import peak_month, peak_month_candidates
    from crmarena.tasks.monthly_trend_analysis.task import month_counts, supported_products

    rng = np.random.default_rng(3)
    months = [(11, 20), (12, 31), (1, 31), (2, 28), (3, 15)]
    n = 6_000
    product = rng.choice([f"01t{i:03d}" for i in range(300)], n)
    month = rng.choice([1, 2, 3, 4, 11, 12], n, p=[0.3, 0.1, 0.1, 0.1, 0.2, 0.2])   # April is outside
    got = supported_products(months, product, month)
    want = {}
    for p in sorted(set(product)):
        counts = [int(((product == p) & (month == m)).sum()) for m, _ in months]
        s = peak_month(counts, [d for _, d in months])
        if s.ok:
            want[p] = s
    assert want and got == want
    _, counts = month_counts(months, product, month)
    ok = peak_month_candidates(counts)
    assert 0 < ok.sum() < len(ok)                      # the prefilter does drop products
