"""Per-agent counts the manager tasks' curators need (numpy over the Parquet tables, cached per window).

Used to choose thresholds, to keep the number of candidate agents in a band and to measure the
evidence behind an answer (support.py); never for gold answers. Every count is "as of" the
instance's today: events (assignments, closings) dated on or after it are left out, as in the gold.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from crmarena.graph_schema.picklists import CLOSED, OWNER_ASSIGNMENT
from crmarena.queries.orgdata import OrgData
from crmarena.queries.windows import Window


def _ns(s: pd.Series) -> np.ndarray:
    return s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[ns]")


def _t(x: datetime) -> np.datetime64:
    return np.datetime64(x.replace(tzinfo=None), "ns")


def _tables(org: OrgData) -> dict:
    """Owner Assignments sorted by their case's creation, and cases sorted by creation, as arrays with
    agent codes (cached per org)."""
    if "agent_tables" in org.cache:
        return org.cache["agent_tables"]
    h = org.table("CaseHistory")
    h = h[h["field"] == OWNER_ASSIGNMENT]
    cases = org.table("Case").sort_values("createdDate", kind="stable").reset_index(drop=True)
    agents = pd.Index(sorted(set(h["newOwnerId"].dropna()) | set(h["oldOwnerId"].dropna())
                             | set(cases["ownerId"].dropna())))
    case_pos = pd.Series(np.arange(len(cases)), index=cases["id"])
    a = h.assign(pos=case_pos.reindex(h["caseId"]).to_numpy()).dropna(subset=["pos"])
    a = a.assign(created=cases["createdDate"].to_numpy()[a["pos"].astype(int)]).sort_values("created", kind="stable")
    n_assign = np.bincount(a["pos"].astype(int), minlength=len(cases))
    closed = cases["status"].eq(CLOSED).to_numpy()
    out = {
        "agents": agents,
        "a_created": _ns(a["created"]), "a_at": _ns(a["createdDate"]), "a_case": a["pos"].astype(int).to_numpy(),
        "a_new": agents.get_indexer(a["newOwnerId"]), "a_old": agents.get_indexer(a["oldOwnerId"]),
        "c_created": _ns(cases["createdDate"]), "c_closed": _ns(cases["closedDate"]),
        "c_owner": agents.get_indexer(cases["ownerId"]), "c_single": (n_assign == 1) & closed,
        "c_hours": ((cases["closedDate"] - cases["createdDate"]).dt.total_seconds() / 3600).to_numpy(),
    }
    org.cache["agent_tables"] = out
    return out


def agent_counts(org: OrgData, window: Window, as_of: datetime) -> pd.DataFrame:
    """Per agent (index) for cases created in the window, assignments before ``as_of``: ``managed``
    (distinct cases assigned to them) and ``transfers`` (assignments away from them), sorted by
    ``managed`` descending."""
    key = ("agent_counts", window.start, window.stop, as_of)
    if key not in org.cache:
        d = _tables(org)
        lo, hi = np.searchsorted(d["a_created"], [_t(window.start), _t(window.stop)])
        keep = d["a_at"][lo:hi] < _t(as_of)
        case, new, old = d["a_case"][lo:hi][keep], d["a_new"][lo:hi][keep], d["a_old"][lo:hi][keep]
        k = len(d["agents"])
        pairs = np.unique(case.astype(np.int64) * k + new)
        managed = np.bincount(pairs % k, minlength=k)
        transfers = np.bincount(old[old >= 0], minlength=k)
        df = pd.DataFrame({"managed": managed, "transfers": transfers}, index=d["agents"])
        org.cache[key] = df[df["managed"] > 0].sort_values("managed", ascending=False, kind="stable")
    return org.cache[key]


def handle_hours(org: OrgData, window: Window, as_of: datetime, agents: set[str]) -> dict[str, np.ndarray]:
    """Handle times (hours) of the agents' cases created in the window, closed before ``as_of`` and
    never transferred (one Owner Assignment), per agent (the handle time gold rule's samples)."""
    d = _tables(org)
    lo, hi = np.searchsorted(d["c_created"], [_t(window.start), _t(window.stop)])
    codes = d["agents"].get_indexer(sorted(agents))
    owner = d["c_owner"][lo:hi]
    keep = d["c_single"][lo:hi] & (d["c_closed"][lo:hi] < _t(as_of)) & np.isin(owner, codes)
    owner, hours = owner[keep], d["c_hours"][lo:hi][keep]
    return {str(d["agents"][c]): hours[owner == c] for c in np.unique(owner)}
