"""Each latent's observable signature is present at the default scale and gone under its ablation.

Statistics use the org tables only (what an agent could observe), never the latents, except where
a signature is defined against the truth (violators' own rate). Seeds are fixed, so the tests are
deterministic; the thresholds leave a wide margin around the measured values (see comments).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats


def read(org, label, cols=None):
    return pd.read_parquet(org / f"{label}.parquet", columns=cols)


def pair_agreement_excess(group: pd.Series, label: pd.Series) -> float:
    """Share of within-group pairs with the same label, minus the share expected from the overall
    label mix (0 when labels are independent of the group)."""
    df = pd.DataFrame({"g": group.to_numpy(), "l": label.to_numpy()})
    n_g = df.groupby("g").size()
    pairs = (n_g * (n_g - 1) / 2).sum()
    n_gl = df.groupby(["g", "l"]).size()
    same = (n_gl * (n_gl - 1) / 2).sum()
    p = df["l"].value_counts(normalize=True)
    return float(same / pairs - (p ** 2).sum())


def dispersion_p(successes: np.ndarray, trials: np.ndarray) -> float:
    """p-value of the chi-square test that all units share one rate (small = overdispersed)."""
    keep = trials > 0
    s, n = successes[keep], trials[keep]
    p = s.sum() / n.sum()
    chi2 = (((s - n * p) ** 2) / (n * p * (1 - p))).sum()
    return float(stats.chi2.sf(chi2, len(n) - 1))


def agent_transfers(org):
    h = read(org, "CaseHistory", ["field", "oldOwnerId", "newOwnerId"])
    a = h[h["field"] == "Owner Assignment"]
    handled = a.groupby("newOwnerId").size()
    given = a.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size()
    return pd.concat([handled.rename("n"), given.rename("t")], axis=1).fillna(0)


def skill_stats(org):
    t = agent_transfers(org)
    cases = read(org, "Case", ["id", "ownerId", "createdDate", "closedDate"]).dropna(subset=["closedDate"])
    hist = read(org, "CaseHistory", ["caseId", "oldOwnerId"])
    moved = set(hist.dropna(subset=["oldOwnerId"])["caseId"])
    direct = cases[~cases["id"].isin(moved)]
    hours = np.log((direct["closedDate"] - direct["createdDate"]).dt.total_seconds() / 3600)
    speed = hours.groupby(direct["ownerId"]).mean()
    j = pd.concat([t["t"] / t["n"], speed.rename("h")], axis=1, join="inner")
    rho = stats.spearmanr(j.iloc[:, 0], j["h"])
    groups = [g.to_numpy() for _, g in hours.groupby(direct["ownerId"]) if len(g) > 1]
    return dispersion_p(t["t"].to_numpy(), t["n"].to_numpy()), stats.f_oneway(*groups).pvalue, rho


def test_agent_skill_signature(default_orgs):
    transfer_p, speed_p, rho = skill_stats(default_orgs())
    assert transfer_p < 1e-3 and speed_p < 1e-3     # agents differ in transfer rate and in speed ...
    assert rho.statistic > 0.25 and rho.pvalue < 0.01   # ... and those who transfer more close slower
    transfer_p, speed_p, rho = skill_stats(default_orgs("agent_skill"))
    assert transfer_p > 0.01 and speed_p > 0.01 and rho.pvalue > 0.05


def issue_excess(org):
    cases = read(org, "Case", ["orderItemId", "issueId"]).drop_duplicates("orderItemId")   # one per repeat contact
    items = read(org, "OrderItem", ["id", "productId"]).set_index("id")
    return pair_agreement_excess(items.loc[cases["orderItemId"], "productId"].reset_index(drop=True), cases["issueId"])


def test_product_defect_signature(default_orgs):
    assert issue_excess(default_orgs()) > 0.035
    assert abs(issue_excess(default_orgs("product_defect"))) < 0.02


def month_and_category_excess(org):
    orders = read(org, "Order", ["id", "accountId", "effectiveDate"])
    month = pd.to_datetime(orders["effectiveDate"]).dt.month
    items = read(org, "OrderItem", ["orderId", "productId"])
    pcp = read(org, "ProductCategoryProduct", ["productId", "productCategoryId"]).set_index("productId")
    acc = orders.set_index("id").loc[items["orderId"], "accountId"].reset_index(drop=True)
    cat = pcp.loc[items["productId"], "productCategoryId"].reset_index(drop=True)
    return pair_agreement_excess(orders["accountId"], month), pair_agreement_excess(acc, cat)


def test_shopping_habit_signature(default_orgs):
    full_m, full_c = month_and_category_excess(default_orgs())
    abl_m, abl_c = month_and_category_excess(default_orgs("shopping_habit"))
    assert full_m > 0.015 and full_c > 0.02         # a customer's orders share their months and categories
    assert abs(abl_m) < 0.008 and abs(abl_c) < 0.01
    orders = read(default_orgs("shopping_habit"), "Order", ["effectiveDate"])
    share = pd.to_datetime(orders["effectiveDate"]).dt.month.value_counts(normalize=True)
    assert share[[11, 12]].mean() > 1.1 * share.mean()   # the population season stays under ablation


def breach_regex(template: str) -> str:
    import re

    return re.escape(template).replace(r"\{product\}", ".+?").replace(r"\{n\}", r"\d+")


def breaches(org):
    """Per agent: cases whose agent message states a breach (found in the text) and cases owned."""
    import yaml

    from crmarena.simulator.config import data_file

    pol = yaml.safe_load(data_file("policies.yaml").read_text())["policies"]
    pattern = "|".join(breach_regex(b) for p in pol for b in p["breach"])
    emails = read(org, "EmailMessage", ["caseId", "textBody", "fromAddress"])
    users = read(org, "User", ["id", "email"]).set_index("email")["id"]
    e = emails[emails["fromAddress"].isin(users.index)]
    hit_e = e[e["textBody"].str.contains(pattern, regex=True)]
    chats = read(org, "LiveChatTranscript", ["caseId", "body", "ownerId"])
    hit_c = chats[chats["body"].str.contains(pattern, regex=True)]
    who = pd.concat([users.loc[hit_e["fromAddress"]].reset_index(drop=True), hit_c["ownerId"].reset_index(drop=True)])
    cases = read(org, "Case", ["ownerId"]).groupby("ownerId").size()
    return pd.concat([who.value_counts().rename("v"), cases.rename("n")], axis=1).fillna(0)


def test_policy_violation_signature(default_orgs):
    full = breaches(default_orgs())
    truth = pd.read_parquet(default_orgs() / "latents" / "agents.parquet").set_index("userId")["violationRate"]
    assert full["v"].sum() > 30                      # violators' transcripts contain breaches
    rho = stats.spearmanr(full["v"] / full["n"], truth.loc[full.index]).statistic
    assert rho > 0.3 and dispersion_p(full["v"].to_numpy(), full["n"].to_numpy()) < 1e-3
    abl = breaches(default_orgs("policy_violation"))
    assert abl["v"].sum() > 30 and dispersion_p(abl["v"].to_numpy(), abl["n"].to_numpy()) > 0.01


def test_complaint_habit_signature(default_orgs):
    def excess(org):
        cases = read(org, "Case", ["accountId", "origin"])   # (a repeat contact draws its channel anew)
        return pair_agreement_excess(cases["accountId"], cases["origin"])

    assert excess(default_orgs()) > 0.08
    assert abs(excess(default_orgs("complaint_habit"))) < 0.05


def test_some_cases_are_still_open_near_today(default_orgs):
    cases = read(default_orgs(), "Case", ["status", "createdDate", "closedDate"])
    open_ = cases[cases["closedDate"].isna()]
    assert 2 <= len(open_) <= 40 and (open_["status"] != "Closed").all()
    assert open_["createdDate"].min() > pd.Timestamp("2023-10-01", tz="UTC")
