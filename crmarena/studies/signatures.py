"""Observable signatures of each latent, measured on an org's Parquet tables alone.

Each figure is something a latent creates and its ablation removes: dispersion beyond what a
population constant would give, or a seasonal shape. The tables are read as the store would
see them (no latents), so a study measures what an agent could observe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crmarena.files import read_frame
from crmarena.graph_schema.picklists import CLOSED, OWNER_ASSIGNMENT
from crmarena.studies.tables import gini, read_table


@dataclass(frozen=True)
class Signature:
    latent: str
    name: str
    value: float
    meaning: str


def overdispersion(successes: np.ndarray, trials: np.ndarray) -> float:
    """Variance of per-unit rates over the binomial variance expected under one shared rate (≈1 if shared)."""
    keep = trials > 0
    successes, trials = successes[keep], trials[keep]
    p = successes.sum() / trials.sum()
    if p <= 0 or p >= 1 or len(trials) < 2:
        return float("nan")
    chi2 = (((successes - trials * p) ** 2) / (trials * p * (1 - p))).sum()
    return float(chi2 / (len(trials) - 1))


def _agent_transfers(org_dir: Path) -> pd.DataFrame:
    """Per agent: owner assignments received and transfers given (the old owner of an assignment)."""
    h = read_table(org_dir, "CaseHistory", ["field", "oldOwnerId", "newOwnerId"])
    h = h[h["field"] == OWNER_ASSIGNMENT]
    handled = h.groupby("newOwnerId").size().rename("handled")
    given = h.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size().rename("transfers")
    return pd.concat([handled, given], axis=1).fillna(0)


def agent_skill(org_dir: Path) -> list[Signature]:
    a = _agent_transfers(org_dir)
    a = a[a["handled"] > 0]
    rate = (a["transfers"].to_numpy(), a["handled"].to_numpy())
    cases = read_table(org_dir, "Case", ["status", "createdDate", "closedDate", "ownerId"])
    closed = cases[cases["status"] == CLOSED].copy()
    closed["hours"] = (closed["closedDate"] - closed["createdDate"]).dt.total_seconds() / 3600
    per_agent = closed.groupby("ownerId")["hours"].mean()
    joined = pd.concat([a["transfers"] / a["handled"], per_agent], axis=1, join="inner").dropna()
    corr = float(joined.corr(method="spearman").iloc[0, 1]) if len(joined) > 2 else float("nan")
    log_h = np.log(closed["hours"].clip(lower=1e-3))
    between = closed.assign(l=log_h).groupby("ownerId")["l"].mean().var()
    return [Signature("agent_skill", "transfer_overdispersion", overdispersion(*rate),
                      "variance of agents' transfer rates over the binomial variance of one shared rate"),
            Signature("agent_skill", "transfer_rate_vs_handle_time_spearman", corr,
                      "agents who transfer more also close slower"),
            Signature("agent_skill", "between_agent_log_handle_time_variance", float(between),
                      "spread of agents' mean log handle time")]


def shopping_habit(org_dir: Path) -> list[Signature]:
    orders = read_table(org_dir, "Order", ["effectiveDate", "accountId"])
    month = pd.to_datetime(orders["effectiveDate"]).dt.month
    share = month.value_counts(normalize=True).reindex(range(1, 13), fill_value=0)
    holiday_lift = float(share[[11, 12]].mean() / share.mean())
    per_customer = orders.groupby("accountId").size().to_numpy()
    top = np.sort(per_customer)[::-1]
    top20 = float(top[: max(1, len(top) // 5)].sum() / top.sum())
    return [Signature("shopping_habit", "holiday_month_lift", holiday_lift,
                      "mean share of Nov and Dec orders over the average month's share"),
            Signature("shopping_habit", "top20_customer_order_share", top20,
                      "share of orders placed by the top 20 % of customers")]


def complaint_habit(org_dir: Path) -> list[Signature]:
    orders = read_table(org_dir, "Order", ["accountId"]).groupby("accountId").size().rename("orders")
    cases = read_table(org_dir, "Case", ["accountId", "origin"])
    per = pd.concat([cases.groupby("accountId").size().rename("cases"), orders], axis=1).fillna(0)
    per = per[per["orders"] > 0]
    od = overdispersion(per["cases"].clip(upper=per["orders"]).to_numpy(), per["orders"].to_numpy())
    channel = cases.groupby("accountId")["origin"].agg(lambda s: s.value_counts(normalize=True).iloc[0])
    multi = cases.groupby("accountId").size() >= 3
    return [Signature("complaint_habit", "case_per_order_overdispersion", od,
                      "variance of customers' case-per-order rates over one shared rate"),
            Signature("complaint_habit", "preferred_channel_share", float(channel[multi].mean()),
                      "share of a repeat complainer's cases on their most used channel")]


def product_defect(org_dir: Path) -> list[Signature]:
    cases = read_table(org_dir, "Case", ["orderItemId", "issueId"])
    items = read_table(org_dir, "OrderItem", ["id", "productId"]).rename(columns={"id": "orderItemId"})
    c = cases.merge(items, on="orderItemId")
    counts = c.groupby(["productId", "issueId"]).size().unstack(fill_value=0)
    counts = counts[counts.sum(axis=1) >= 5]
    top_share = float((counts.max(axis=1) / counts.sum(axis=1)).mean()) if len(counts) else float("nan")
    return [Signature("product_defect", "top_issue_share_per_product", top_share,
                      "share of a product's cases with its most common issue")]


def policy_violation(org_dir: Path) -> list[Signature]:
    """Per-agent violation rates, from the simulator's saved per-case violations (latents folder)."""
    path = Path(org_dir) / "latents" / "cases.parquet"
    if not path.exists():
        return []
    lat = read_frame(path)
    col = next((c for c in lat.columns if "violat" in c.lower() and "id" in c.lower()), None)
    if col is None or "caseId" not in lat.columns:
        return []
    cases = read_table(org_dir, "Case", ["id", "ownerId"]).rename(columns={"id": "caseId"})
    m = cases.merge(lat[["caseId", col]], on="caseId")
    per = m.groupby("ownerId")[col].agg(lambda s: s.notna().sum()).rename("v").to_frame()
    per["n"] = m.groupby("ownerId").size()
    return [Signature("policy_violation", "violation_overdispersion",
                      overdispersion(per["v"].to_numpy(), per["n"].to_numpy()),
                      "variance of agents' violation rates over one shared rate"),
            Signature("policy_violation", "violation_rate", float(m[col].notna().mean()),
                      "share of cases with a sampled policy breach")]


def region_speed(org_dir: Path) -> list[Signature]:
    cases = read_table(org_dir, "Case", ["status", "createdDate", "closedDate", "accountId"])
    closed = cases[cases["status"] == CLOSED]
    hours = (closed["closedDate"] - closed["createdDate"]).dt.total_seconds() / 3600
    acc = read_table(org_dir, "Account", ["id", "shippingState"]).set_index("id")["shippingState"]
    by_state = pd.DataFrame({"l": np.log(hours.clip(lower=1e-3)), "state": closed["accountId"].map(acc)})
    g = by_state.groupby("state")["l"].agg(["mean", "var", "size"])
    g = g[g["size"] >= 5]
    # between-state variance of means over what sampling noise alone gives (≈1 without regional effects)
    ratio = float(g["mean"].var() / (g["var"] / g["size"]).mean()) if len(g) > 2 else float("nan")
    return [Signature("region_speed", "state_mean_handle_time_variance_ratio", ratio,
                      "variance of states' mean log handle time over its sampling variance")]


def agent_workload(org_dir: Path) -> list[Signature]:
    cases = read_table(org_dir, "Case", ["ownerId"]).groupby("ownerId").size().to_numpy()
    return [Signature("agent_workload", "cases_per_agent_gini", gini(cases), "inequality of cases owned per agent")]


MEASURES = (agent_skill, shopping_habit, complaint_habit, product_defect, policy_violation, region_speed,
            agent_workload)


def measure(org_dir: Path) -> list[Signature]:
    """All signatures of an org."""
    return [s for f in MEASURES for s in f(Path(org_dir))]
