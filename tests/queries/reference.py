"""Independent pandas computations of every task's gold rule, from the org's Parquet tables and a
record's ``parameters`` — written apart from the Cypher templates to cross-check them."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pandas as pd

NONE = ["None"]


class Reference:
    def __init__(self, org_dir: Path):
        read = lambda label: pd.read_parquet(Path(org_dir) / f"{label}.parquet")  # noqa: E731
        self.case = read("Case")
        self.history = read("CaseHistory")
        self.item = read("OrderItem")
        self.order = read("Order")
        self.product = read("Product")
        self.contact = read("Contact")
        self.account = read("Account")
        self.email = read("EmailMessage")
        self.chat = read("LiveChatTranscript")
        self.article = read("KnowledgeArticle")
        self.violations = pd.read_parquet(Path(org_dir) / "latents" / "cases.parquet")
        self.assign = self.history[self.history["field"] == "Owner Assignment"]
        self.case_product = self.case.merge(self.item[["id", "productId"]].rename(columns={"id": "orderItemId"}),
                                            on="orderItemId", how="left")

    def _window(self, p: dict) -> pd.DataFrame:
        start, stop = pd.Timestamp(p["start"]), pd.Timestamp(p["stop"])
        c = self.case_product
        return c[(c["createdDate"] >= start) & (c["createdDate"] < stop)]

    @staticmethod
    def _ties(values: pd.Series, smallest: bool = True) -> list[str]:
        values = values.dropna()
        if values.empty:
            return NONE
        best = values.min() if smallest else values.max()
        return sorted(str(i) for i in values[values == best].index)

    def _assignments_before(self, cases: pd.DataFrame, p: dict) -> pd.DataFrame:
        a = self.assign[self.assign["caseId"].isin(cases["id"])]
        return a[a["createdDate"] < pd.Timestamp(p["asOf"])]

    def handle_time(self, p: dict) -> list[str]:
        cases = self._window(p)
        a = self._assignments_before(cases, p)
        managed = a.groupby("newOwnerId")["caseId"].nunique()
        qualified = set(managed[managed > p["threshold"]].index)
        n_assign = a.groupby("caseId").size()
        single = set(n_assign[n_assign == 1].index)
        c = cases[(cases["status"] == "Closed") & (cases["closedDate"] < pd.Timestamp(p["asOf"]))
                  & cases["id"].isin(single) & cases["ownerId"].isin(qualified)]
        ms = (c["closedDate"] - c["createdDate"]).dt.total_seconds() * 1000
        avg = ms.groupby(c["ownerId"]).mean()
        return self._ties(avg, smallest=p["sign"] == 1)

    def transfer_count(self, p: dict) -> list[str]:
        cases = self._window(p)
        a = self._assignments_before(cases, p)
        managed = a.groupby("newOwnerId")["caseId"].nunique()
        qualified = managed[managed >= p["threshold"]].index
        transfers = a.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size()
        t = transfers.reindex(qualified, fill_value=0)
        return self._ties(t, smallest=p["sign"] == 1)

    def top_issue_identification(self, p: dict) -> list[str]:
        c = self._window(p)
        c = c[c["productId"] == p["productId"]]
        return self._ties(c.groupby("issueId").size(), smallest=False)

    def monthly_trend_analysis(self, p: dict) -> list[str]:
        c = self._window(p)
        c = c[c["productId"] == p["productId"]]
        months = self._ties(c.groupby(c["createdDate"].dt.month).size(), smallest=False)
        return NONE if months == NONE else sorted(calendar.month_name[int(m)] for m in months)

    def best_region_identification(self, p: dict) -> list[str]:
        c = self._window(p)
        c = c[(c["status"] == "Closed") & (c["closedDate"] < pd.Timestamp(p["asOf"]))].merge(
            self.account[["id", "shippingState"]].rename(columns={"id": "accountId"}), on="accountId")
        hours = (c["closedDate"] - c["createdDate"]).dt.total_seconds()
        g = hours.groupby(c["shippingState"]).agg(["mean", "size"])
        return self._ties(g.loc[g["size"] >= p["minCases"], "mean"], smallest=p["sign"] == 1)

    def case_routing(self, p: dict) -> list[str]:
        c = self.case_product[self.case_product["id"] != p["caseId"]]
        start, stop = pd.Timestamp(p["start"]), pd.Timestamp(p["stop"])
        closed = c[(c["status"] == "Closed") & (c["closedDate"] < stop) & (c["createdDate"] >= start)
                   & (c["createdDate"] < stop)]
        on_issue = closed[closed["issueId"] == p["issueId"]].groupby("ownerId").size()
        if on_issue.empty:
            return NONE
        top = on_issue[on_issue == on_issue.max()].index
        on_product = closed[closed["productId"] == p["productId"]].groupby("ownerId").size().reindex(top, fill_value=0)
        top = on_product[on_product == on_product.max()].index
        lookback = c[(c["createdDate"] >= start) & (c["createdDate"] < stop)]
        still_open = lookback[lookback["closedDate"].isna() | (lookback["closedDate"] >= stop)]
        open_ = still_open.groupby("ownerId").size().reindex(top, fill_value=0)
        return sorted(open_[open_ == open_.min()].index)

    def named_entity_disambiguation(self, p: dict) -> list[str]:
        account = self.contact.loc[self.contact["id"] == p["contactId"], "accountId"]
        orders = self.order[self.order["accountId"].isin(account) & (self.order["status"] == "Activated")
                            & (pd.to_datetime(self.order["effectiveDate"]).dt.date == date.fromisoformat(p["day"]))]
        items = self.item[self.item["orderId"].isin(orders["id"])].merge(
            self.product[["id", "name"]].rename(columns={"id": "productId"}), on="productId")
        words = [w for w in (p["w1"], p["w2"]) if w]
        return sorted({pid for pid, name in zip(items["productId"], items["name"])
                       if all(w in name.lower() for w in words)}) or NONE

    def policy_violation_identification(self, p: dict) -> list[str]:
        """The sampled breach (latents), checked to be written in the case's emails or chat."""
        row = self.violations[self.violations["caseId"] == p["caseId"]]
        article = row["violatedArticleId"].iloc[0] if len(row) else None
        return [article] if isinstance(article, str) else NONE

    def knowledge_qa(self, p: dict) -> list[str]:
        """The short answer, stated in the body of the article with that id, then the other accepted
        spellings, sorted."""
        art = self.article[self.article["id"] == p["articleId"]]
        body = str(art["faqAnswer"].iloc[0]) if len(art) else ""
        if not p["shortAnswer"] or p["shortAnswer"] not in body:
            return NONE
        return [p["shortAnswer"]] + sorted(set(p["accepted"]) - {p["shortAnswer"]})

    # --- dispatch ---------------------------------------------------------------------------------
    def expected(self, record) -> list[str]:
        return getattr(self, record.task)(record.parameters)

    def agrees(self, record) -> bool:
        return self.expected(record) == record.answer
