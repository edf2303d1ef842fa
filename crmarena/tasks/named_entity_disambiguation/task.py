"""Named entity disambiguation (NED), customer-facing agent persona: "show me the <product, in the
customer's words> I bought <N days/weeks> ago".

Gold rule: the contact's account's Activated orders placed exactly on ``$day`` (today minus N days;
a week is 7 days), their order items' products whose lower-cased name contains every word the
customer used (``$w1``, ``$w2``; an unused word is "", tested explicitly because the embedded engine
says ``'abc' CONTAINS ''`` is false where Neo4j says true); every such product. No such purchase ->
``None`` (false presupposition: a day without such a purchase, or a product the customer bought on
another day).

Curation: orders of the last 26 weeks; the customer's words are one or two words of the product's
name that at least two catalogue products share (so the name alone is ambiguous in the catalogue);
the account has at least two orders; at most 2 matching products. Evidence: ``support.extra
["dateNeeded"]`` says whether the customer's own purchases on other days also match the words (then
only the date picks the answer); at least ``DATE_NEEDED_SHARE`` (50 %) of the answerable instances
need the date (``Task.min_share``), the curator aiming for such words ``AIM_SHARED`` of the time.
"""

from __future__ import annotations

import re
from datetime import timedelta

import numpy as np
import pandas as pd

from crmarena.graph_schema.picklists import ACTIVATED, literal
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import ago_phrase, pick
from crmarena.queries.support import Support
from crmarena.queries.task import Draft, Intent, Task

MAX_DAYS = 182
DATE_NEEDED_SHARE = 0.5
AIM_SHARED = 0.7
STOPWORDS = frozenset({"the", "and", "for", "with", "men", "women", "mens", "womens", "unisex", "pro", "pack"})


def purchases(org: OrgData) -> pd.DataFrame:
    """Order items with order date, status, account, contact and product name (cached on the org)."""
    if "purchases" in org.cache:
        return org.cache["purchases"]
    orders = org.table("Order")[["id", "status", "effectiveDate", "accountId"]].rename(columns={"id": "orderId"})
    items = org.table("OrderItem")[["orderId", "productId"]]
    products = org.table("Product")[["id", "name"]].rename(columns={"id": "productId"})
    contacts = org.table("Contact")[["id", "accountId"]].rename(columns={"id": "contactId"})
    df = items.merge(orders, on="orderId").merge(products, on="productId").merge(contacts, on="accountId")
    df["effectiveDate"] = pd.to_datetime(df["effectiveDate"]).dt.date
    org.cache["purchases"] = df
    return df


def by_contact(org: OrgData, df: pd.DataFrame) -> dict:
    """contact id -> row positions of its purchases (cached)."""
    if "purchases_by_contact" not in org.cache:
        org.cache["purchases_by_contact"] = df.groupby("contactId").indices
    return org.cache["purchases_by_contact"]


def lower_names(org: OrgData) -> list[str]:
    if "lower_names" not in org.cache:
        org.cache["lower_names"] = [str(n).lower() for n in org.table("Product")["name"]]
    return org.cache["lower_names"]


def name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", name.lower()) if len(w) >= 3 and w not in STOPWORDS]


class NamedEntityDisambiguation(Task):
    name = "named_entity_disambiguation"
    persona = "agent"
    none_share = 0.3
    answer_type = "Product id"
    min_share = ("dateNeeded", DATE_NEEDED_SHARE)
    cypher = f"""
MATCH (:Contact {{id: $contactId}})-[:BELONGS_TO]->(:Account)<-[:PLACED_BY]-(o:Order)
WHERE o.effectiveDate = $day AND o.status = {literal(ACTIVATED)}
MATCH (o)<-[:IN_ORDER]-(:OrderItem)-[:FOR_PRODUCT]->(p:Product)
WHERE toLower(p.name) CONTAINS $w1 AND ($w2 = '' OR toLower(p.name) CONTAINS $w2)
RETURN DISTINCT p.id AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) <= 2

    def _mention(self, rng: np.random.Generator, name: str, catalogue: list[str],
                 shared_with: list[str] = ()) -> list[str] | None:
        words = name_words(name)
        if not words:
            return None
        common = sorted({w for other in shared_with for w in name_words(other)} & set(words))
        if common and rng.random() < AIM_SHARED:       # a word another of the customer's purchases shares
            mention = [pick(rng, common)]
        else:
            k = 1 if len(words) == 1 or rng.random() < 0.6 else 2
            chosen = sorted(rng.choice(len(words), size=k, replace=False).tolist())
            mention = [words[i] for i in chosen]
        shared = [n for n in catalogue if all(w in n for w in mention)]
        return mention if len(shared) >= 2 else None

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        df = purchases(org)
        if "recent_purchases" not in org.cache:
            recent = df[(df["effectiveDate"] < org.today) & (df["effectiveDate"] >= org.today - timedelta(days=MAX_DAYS))]
            org.cache["recent_purchases"] = recent[recent["status"] == ACTIVATED]
        recent = org.cache["recent_purchases"]
        if recent.empty:
            return None
        row = recent.iloc[int(rng.integers(len(recent)))]
        mine = df.iloc[by_contact(org, df)[row["contactId"]]]
        if mine["orderId"].nunique() < 2:
            return None
        catalogue = lower_names(org)
        day = row["effectiveDate"]
        name = row["name"]
        if intent == "none":
            if rng.random() < 0.5:            # a product they bought, but on another day
                others = mine[(mine["effectiveDate"] != day) & (mine["productId"] != row["productId"])]
                if others.empty:
                    return None
                name = others.iloc[int(rng.integers(len(others)))]["name"]
            else:                             # a day without any order of theirs
                shifted = day + timedelta(days=int(pick(rng, [-3, -2, -1, 1, 2, 3, -7, 7])))
                if shifted >= org.today or shifted in set(mine["effectiveDate"]):
                    return None
                day = shifted
        elsewhere = mine[mine["effectiveDate"] != day]
        shared_with = list(elsewhere["name"]) if intent == "answerable" else []
        mention = self._mention(rng, name, catalogue, shared_with)
        if mention is None:
            return None
        support = date_support(mine, day, mention) if intent == "answerable" else None
        days = (org.today - day).days
        unit = "weeks" if days % 7 == 0 and days >= 14 and rng.random() < 0.6 else "days"
        ago = ago_phrase(days, unit)
        return Draft(params={"contactId": row["contactId"], "day": day, "w1": mention[0],
                             "w2": mention[1] if len(mention) > 1 else ""},
                     slots={"mention": " ".join(mention), "ago": ago},
                     intent=intent, context={"contact_id": row["contactId"], "ago": ago, "day": day.isoformat()},
                     band=f"words={len(mention)}", info={"mention": " ".join(mention), "ago": ago}, support=support)


def date_support(mine: pd.DataFrame, day, mention: list[str]) -> Support:
    """The customer's purchases matching the words: on the day (the answer) and on other days. The date
    is needed when the words alone would also name a product bought on another day."""
    activated = mine[mine["status"] == ACTIVATED]
    match = activated[[all(w in str(n).lower() for w in mention) for n in activated["name"]]]
    on_day = set(match.loc[match["effectiveDate"] == day, "productId"])
    other = set(match["productId"]) - on_day
    return Support(len(on_day), len(other), None, {"dateNeeded": bool(other), "otherDayMatches": len(other)})
