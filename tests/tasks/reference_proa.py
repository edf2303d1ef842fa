"""Independent pandas recomputation of the gold answers of sales_amount_understanding,
sales_cycle_understanding, conversion_rate_comprehension and lead_routing, from the Parquet tables and a
record's parameters (written apart from the tasks' Cypher)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

TOL = 1e-6


def _ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(datetime.fromisoformat(s))


class ProReference:
    def __init__(self, org_dir: Path):
        read = lambda label: pd.read_parquet(Path(org_dir) / f"{label}.parquet")  # noqa: E731
        self.opp, self.contract, self.lead = read("Opportunity"), read("Contract"), read("Lead")
        self.territory, self.uta = read("Territory"), read("UserTerritoryAssociation")

    def expected(self, task: str, p: dict) -> list[str]:
        return getattr(self, task)(p)

    @staticmethod
    def _extreme(values: pd.Series, sign: int) -> list[str]:
        if values.empty:
            return ["None"]
        best = values.min() if sign == 1 else values.max()
        return sorted(values.index[(values - best).abs() <= TOL].astype(str))

    def _won(self, p: dict) -> pd.DataFrame:
        o = self.opp[self.opp["stageName"] == "Closed Won"]
        close = pd.to_datetime(o["closeDate"])
        start, stop = _ts(p["start"]).tz_convert(None).normalize(), _ts(p["stop"]).tz_convert(None).normalize()
        return o[(close >= start) & (close < stop)]

    def sales_amount_understanding(self, p: dict) -> list[str]:
        g = self._won(p).groupby("ownerId")["amount"].agg(["size", "sum"])
        return self._extreme(g.loc[g["size"] > p["threshold"], "sum"], p["sign"])

    def sales_cycle_understanding(self, p: dict) -> list[str]:
        w = self._won(p).merge(self.contract.rename(columns={"id": "contractId"})[["contractId", "customerSignedDate"]],
                               on="contractId")
        created = w["createdDate"].dt.tz_convert("UTC").dt.date
        days = [(s - c).days for s, c in zip(w["customerSignedDate"], created)]
        g = w.assign(days=days).groupby("ownerId")["days"].agg(["size", "mean"])
        return self._extreme(g.loc[g["size"] > p["threshold"], "mean"], p["sign"])

    def conversion_rate_comprehension(self, p: dict) -> list[str]:
        lead = self.lead[(self.lead["createdDate"] >= _ts(p["start"])) & (self.lead["createdDate"] < _ts(p["stop"]))]
        today = datetime.fromisoformat(p["today"]).date()
        conv = (lead["status"] == "Closed - Converted") & lead["convertedDate"].map(lambda d: d is not None and d < today)
        g = lead.assign(conv=conv).groupby("ownerId")["conv"].agg(["size", "sum"])
        g = g[g["size"] >= p["threshold"]]
        return self._extreme(g["sum"] / g["size"], p["sign"])

    def lead_routing(self, p: dict) -> list[str]:
        states = self.territory["description"].str.split("States: ").str[1].str.rstrip(".").str.split(", ")
        territory = self.territory.loc[states.map(lambda s: p["state"] in s), "id"]
        assert len(territory) == 1
        reps = sorted(self.uta.loc[self.uta["territoryId"] == territory.iloc[0], "userId"].unique())
        lead = self.lead[(self.lead["createdDate"] >= _ts(p["start"])) & (self.lead["createdDate"] < _ts(p["stop"]))]
        counts = lead["ownerId"].value_counts()
        return [min(reps, key=lambda r: (int(counts.get(r, 0)), r))]
