"""Per-agent counts the manager tasks' curators need (pandas over the Parquet tables, cached per window).

Used to choose thresholds, to keep the number of candidate agents in a band and to measure the
evidence behind an answer (support.py); never for gold answers. Every count is "as of" the
instance's today: events (assignments, closings) dated on or after it are left out, as in the gold.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from crmarena.queries.orgdata import OrgData
from crmarena.queries.windows import Window


def _assignments(org: OrgData) -> pd.DataFrame:
    key = "assignments"
    if key not in org.cache:
        h = org.table("CaseHistory")
        h = h[h["field"] == "Owner Assignment"][["caseId", "oldOwnerId", "newOwnerId", "createdDate"]]
        cases = org.table("Case")[["id", "createdDate"]].rename(columns={"id": "caseId", "createdDate": "caseCreated"})
        org.cache[key] = h.rename(columns={"createdDate": "at"}).merge(cases, on="caseId")
    return org.cache[key]


def _in_window(org: OrgData, window: Window, as_of: datetime) -> pd.DataFrame:
    a = _assignments(org)
    return a[(a["caseCreated"] >= window.start) & (a["caseCreated"] < window.stop) & (a["at"] < as_of)]


def agent_counts(org: OrgData, window: Window, as_of: datetime) -> pd.DataFrame:
    """Per agent (index) for cases created in the window, assignments before ``as_of``: ``managed``
    (distinct cases assigned to them) and ``transfers`` (assignments away from them), sorted by
    ``managed`` descending."""
    key = ("agent_counts", window.start, window.stop, as_of)
    if key not in org.cache:
        a = _in_window(org, window, as_of)
        managed = a.groupby("newOwnerId")["caseId"].nunique().rename("managed")
        transfers = a.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size().rename("transfers")
        df = pd.concat([managed, transfers], axis=1).fillna(0).astype(int)
        org.cache[key] = df[df["managed"] > 0].sort_values("managed", ascending=False, kind="stable")
    return org.cache[key]


def handle_hours(org: OrgData, window: Window, as_of: datetime, agents: set[str]) -> dict[str, np.ndarray]:
    """Handle times (hours) of the agents' cases created in the window, closed before ``as_of`` and
    never transferred (one Owner Assignment), per agent (the handle time gold rule's samples)."""
    a = _in_window(org, window, as_of)
    n = a.groupby("caseId").size()
    single = set(n[n == 1].index)
    c = org.table("Case")
    c = c[(c["createdDate"] >= window.start) & (c["createdDate"] < window.stop) & (c["status"] == "Closed")
          & (c["closedDate"] < as_of) & c["id"].isin(single) & c["ownerId"].isin(agents)]
    hours = (c["closedDate"] - c["createdDate"]).dt.total_seconds() / 3600
    return {str(k): v.to_numpy() for k, v in hours.groupby(c["ownerId"])}
