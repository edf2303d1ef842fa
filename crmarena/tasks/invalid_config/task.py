"""Invalid configuration, sales rep persona: "Which product on quote X breaks a product configuration rule?"

Gold rule (the Product Configuration Rules article, sales.yaml ``policies.configuration.rules``), over
the quote's lines and each line product's category (Product<-[:FOR_PRODUCT]-ProductCategoryProduct-
[:IN_CATEGORY]->ProductCategory): a ``max_quantity`` rule breaks on a line of its category with more
units than its value; a ``pack_size`` rule on a line of its category whose quantity is no multiple of
its value; a ``requires`` rule (category A needs a category B product on the quote) on every A product
of a quote holding no B product. The answer is every product breaking a rule; None when the quote
breaks none. The rules travel as parallel list parameters (``$ruleKinds``, ``$ruleCats``,
``$ruleValues``: the number, 1 for ``requires`` — the embedded engine evaluates every
branch, so no modulo by zero; ``$ruleNeeds``: B, "" otherwise); the kind names as
``$maxQuantity``, ``$packSize``, ``$requires``.

Curation: answerable drafts pick a quote that breaks a rule (by a pandas pass over the tables: the
simulator draws ~20 % of the quotes that can break one to do so, 131 of 780 at seed 7 b2b); None
drafts one that breaks none (~40 % of the instances). At most 3 products per answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

KINDS = {"maxQuantity": "max_quantity", "packSize": "pack_size", "requires": "requires"}


def rules() -> list[dict[str, Any]]:
    from crmarena.simulator.config import data

    return list(data("sales")["policies"]["configuration"]["rules"])


def rule_params() -> dict[str, Any]:
    rs = rules()
    return {"ruleKinds": [r["kind"] for r in rs], "ruleCats": [r["category"] for r in rs],
            "ruleValues": [1 if r["kind"] == KINDS["requires"] else int(r["value"]) for r in rs],
            "ruleNeeds": [str(r["value"]) if r["kind"] == KINDS["requires"] else "" for r in rs], **KINDS}


def quote_breaks(org: OrgData) -> pd.Series:
    """Quote id -> whether it breaks a rule (curation only, never the gold)."""
    if "config_breaks" not in org.cache:
        pcp = org.table("ProductCategoryProduct").merge(
            org.table("ProductCategory").rename(columns={"id": "productCategoryId", "name": "category"}))
        lines = org.table("QuoteLineItem").merge(pcp[["productId", "category"]], on="productId")
        cats = lines.groupby("quoteId")["category"].apply(set)
        bad = pd.Series(False, index=org.table("Quote")["id"])
        for r in rules():
            mine = lines[lines["category"] == r["category"]]
            if r["kind"] == KINDS["maxQuantity"]:
                hit = mine[mine["quantity"] > r["value"]]["quoteId"]
            elif r["kind"] == KINDS["packSize"]:
                hit = mine[mine["quantity"] % r["value"] != 0]["quoteId"]
            else:
                hit = pd.Series([q for q in mine["quoteId"].unique() if r["value"] not in cats[q]], dtype=object)
            bad[bad.index.isin(hit)] = True
        org.cache["config_breaks"] = bad
    return org.cache["config_breaks"]


class InvalidConfig(Task):
    name = "invalid_config"
    persona = "sales rep"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.4
    answer_type = "Product id"
    cypher = """
MATCH (q:Quote {id: $quoteId})<-[:IN_QUOTE]-(l:QuoteLineItem)-[:FOR_PRODUCT]->(p:Product)
MATCH (p)<-[:FOR_PRODUCT]-(:ProductCategoryProduct)-[:IN_CATEGORY]->(c:ProductCategory)
WITH collect(DISTINCT c.name) AS cats, collect({product: p.id, cat: c.name, qty: l.quantity}) AS lines
UNWIND lines AS x
UNWIND range(0, size($ruleKinds) - 1) AS i
WITH x, i, cats
WHERE $ruleCats[i] = x.cat AND (($ruleKinds[i] = $maxQuantity AND x.qty > $ruleValues[i])
   OR ($ruleKinds[i] = $packSize AND x.qty % $ruleValues[i] <> 0)
   OR ($ruleKinds[i] = $requires AND NOT ($ruleNeeds[i] IN cats)))
RETURN DISTINCT x.product AS answer"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        breaks = quote_breaks(org)
        pool = breaks[breaks == (intent == "answerable")].index
        if len(pool) == 0:
            return None
        quote = str(pool[int(rng.integers(len(pool)))])
        return Draft(params={"quoteId": quote, **rule_params()}, slots={"quote_id": quote}, intent=intent, key=quote,
                     context={"rules": "\n".join(f"- {r['text']}" for r in rules())})
