"""The sales funnel's realism figures (CRMArena-Pro's objects), measured on an org folder.

Published B2B figures (ranges in data/studies/realism_ranges.yaml, group ``funnel``): lead-to-opportunity
conversion, win rate, sales-cycle lengths by segment, the average deal size ratio of the largest to the
smallest segment, and the average quote-line discount.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmarena.files import read_frame
from crmarena.graph_schema.picklists import allowed


def _segment(employees: pd.Series) -> pd.Series:
    """Small below 100 employees, Mid-Market 100–999, Enterprise from 1,000 (a b2c person account: Small)."""
    e = employees.fillna(0)
    return pd.Series(np.where(e >= 1000, "Enterprise", np.where(e >= 100, "Mid-Market", "Small")), index=e.index)


def funnel_figures(org: Path, today) -> dict[str, float]:
    read = lambda name, cols=None: read_frame(org / name, cols)  # noqa: E731
    won_stage, lost_stage = allowed("Opportunity", "stageName")[4:6]
    converted = allowed("Lead", "status")[2]
    leads = read("Lead.parquet", ["status", "createdDate"])
    cutoff = pd.Timestamp(today, tz="UTC") - pd.Timedelta(days=30)
    decided = leads[leads["createdDate"] < cutoff]
    opps = read("Opportunity.parquet", ["id", "stageName", "createdDate", "amount", "accountId", "contractId"])
    acc = read("Account.parquet")
    emp = acc["numberOfEmployees"] if "numberOfEmployees" in acc else pd.Series(np.nan, index=acc.index)
    seg = pd.Series(_segment(emp).to_numpy(), index=acc["id"])
    opps["segment"] = opps["accountId"].map(seg)
    closed = opps[opps["stageName"].isin([won_stage, lost_stage])]
    won = opps[opps["stageName"] == won_stage]
    contracts = read("Contract.parquet", ["id", "customerSignedDate"]).set_index("id")["customerSignedDate"]
    days = (pd.to_datetime(won["contractId"].map(contracts)).dt.tz_localize("UTC") - won["createdDate"]).dt.days
    cyc = days.groupby(won["segment"]).median()
    size = opps.groupby("segment")["amount"].mean()
    ql = read("QuoteLineItem.parquet", ["discount"])
    return {
        "lead_conversion_rate": float((decided["status"] == converted).mean()),
        "win_rate": float(len(won) / max(len(closed), 1)),
        "sales_cycle_median_days": float(days.median()),
        "small_cycle_days": float(cyc.get("Small", np.nan)),
        "enterprise_cycle_days": float(cyc.get("Enterprise", np.nan)),
        "enterprise_deal_ratio": float(size.get("Enterprise", np.nan) / size.get("Small", np.nan)),
        "mean_line_discount": float(ql["discount"].mean() / 100),
    }
