"""Independent pandas recomputations of the gold rules of wrong_stage_rectification, activity_priority,
quote_approval and invalid_config, from the org's Parquet tables, sales.yaml and a record's
``parameters`` — written apart from the Cypher templates to cross-check them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

import crmarena

NONE = ["None"]
SALES = yaml.safe_load((Path(crmarena.__file__).parent / "data" / "simulator" / "sales.yaml").read_text())


class SalesReference:
    def __init__(self, org_dir: Path):
        read = lambda label: pd.read_parquet(Path(org_dir) / f"{label}.parquet")  # noqa: E731
        self.opp = read("Opportunity").set_index("id")
        self.task = read("Task")
        self.quote = read("Quote").set_index("id")
        self.qli = read("QuoteLineItem")
        self.account = read("Account").set_index("id")
        pcp = read("ProductCategoryProduct").merge(read("ProductCategory").rename(columns={"id": "productCategoryId",
                                                                                             "name": "category"}))
        self.category = pcp.groupby("productId")["category"].apply(set).to_dict()
        self.latent_quotes = pd.read_parquet(Path(org_dir) / "latents" / "quotes.parquet").set_index("quoteId")

    def wrong_stage(self, p: dict) -> list[str]:
        stage_of = {s: st["name"] for st in SALES["stages"] for s in st["subjects"]}
        if self.opp.loc[p["opportunityId"], "stageName"] not in [st["name"] for st in SALES["stages"]]:
            return NONE
        t = self.task[self.task["opportunityId"] == p["opportunityId"]]
        latest = t.sort_values(["activityDate", "id"]).iloc[-1]
        return [stage_of[latest["subject"]]]

    def activity_priority(self, p: dict) -> list[str]:
        from datetime import date

        t = self.task
        d1, d2 = date.fromisoformat(p["d1"]), date.fromisoformat(p["d2"])
        t = t[(t["ownerId"] == p["repId"]) & t["status"].isin(["Not Started", "In Progress"])
              & (t["activityDate"] >= d1) & (t["activityDate"] <= d2)].copy()
        if t.empty:
            return NONE
        t["rank"] = t["priority"].map({"High": 0, "Normal": 1, "Low": 2})
        t["amount"] = t["opportunityId"].map(self.opp["amount"]).fillna(0.0)
        t = t.sort_values(["rank", "activityDate", "amount"], ascending=[True, True, False])
        top = t.iloc[0]
        tied = t[(t["rank"] == top["rank"]) & (t["activityDate"] == top["activityDate"]) & (t["amount"] == top["amount"])]
        return sorted(tied["id"])

    def quote_approval(self, p: dict) -> list[str]:
        staff = self.account.loc[self.quote.loc[p["quoteId"], "accountId"], "numberOfEmployees"]
        segment = "Small" if staff < 100 else "Mid-Market" if staff < 1000 else "Enterprise"
        limit = SALES["policies"]["discount"]["max_line_discount"][segment]
        top = self.qli[self.qli["quoteId"] == p["quoteId"]]["discount"].max()
        return ["Approved" if top <= limit else "Rejected"]

    def invalid_config(self, p: dict) -> list[str]:
        lines = self.qli[self.qli["quoteId"] == p["quoteId"]]
        cats = set().union(*(self.category[x] for x in lines["productId"]))
        bad = set()
        for r in SALES["policies"]["configuration"]["rules"]:
            for _, line in lines.iterrows():
                if r["category"] not in self.category[line["productId"]]:
                    continue
                if (r["kind"] == "max_quantity" and line["quantity"] > r["value"]
                        or r["kind"] == "pack_size" and line["quantity"] % r["value"] != 0
                        or r["kind"] == "requires" and r["value"] not in cats):
                    bad.add(line["productId"])
        return sorted(bad) or NONE
