"""Per-agent counts the manager tasks' curators need (pandas over the Parquet tables, cached per window).

Used to choose thresholds and to keep the number of candidate agents in a band; never for gold answers.
"""

from __future__ import annotations

import pandas as pd

from crmarena.queries.orgdata import OrgData
from crmarena.queries.windows import Window

def _assignments(org: OrgData) -> pd.DataFrame:
    key = "assignments"
    if key not in org.cache:
        h = org.table("CaseHistory")
        h = h[h["field"] == "Owner Assignment"][["caseId", "oldOwnerId", "newOwnerId"]]
        cases = org.table("Case")[["id", "createdDate"]].rename(columns={"id": "caseId"})
        org.cache[key] = h.merge(cases, on="caseId")
    return org.cache[key]


def agent_counts(org: OrgData, window: Window) -> pd.DataFrame:
    """Per agent (index) for cases created in the window: ``managed`` (distinct cases assigned to
    them) and ``transfers`` (assignments away from them), sorted by ``managed`` descending."""
    key = ("agent_counts", window.start, window.stop)
    if key not in org.cache:
        a = _assignments(org)
        a = a[(a["createdDate"] >= window.start) & (a["createdDate"] < window.stop)]
        managed = a.groupby("newOwnerId")["caseId"].nunique().rename("managed")
        transfers = a.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size().rename("transfers")
        df = pd.concat([managed, transfers], axis=1).fillna(0).astype(int)
        org.cache[key] = df[df["managed"] > 0].sort_values("managed", ascending=False, kind="stable")
    return org.cache[key]
