"""The tools named entity disambiguation brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import parse_datetime, require
from crmarena.graph_schema.picklists import ACTIVATED, literal

ACCOUNT_BY_CONTACT = """
MATCH (ct:Contact)-[:BELONGS_TO]->(a:Account)
WHERE ct.id = $contact_id
RETURN a.id AS accountId
"""

_PURCHASES = f"""
MATCH (oi:OrderItem)-[:IN_ORDER]->(o:`Order`)-[:PLACED_BY]->(a:Account)
WHERE a.id = $account_id AND o.effectiveDate = $purchase_date AND o.status = {literal(ACTIVATED)}
MATCH (oi)-[:FOR_PRODUCT]->(p:Product)
{{product_filter}}RETURN o.id AS orderId, oi.id AS orderItemId, p.id AS productId, p.name AS productName,
       o.effectiveDate AS purchaseDate
ORDER BY orderId, orderItemId
"""

PURCHASE_HISTORY = _PURCHASES.format(product_filter="")
PURCHASE_HISTORY_OF_PRODUCTS = _PURCHASES.format(product_filter="WHERE p.id IN $product_ids\n")


def get_account_id_by_contact_id(env: Env, contact_id: str) -> str | None:
    """The id of the Account a Contact belongs to (None if the contact is unknown).

    Args:
        contact_id: The Contact id.
    """
    require(contact_id, "contact_id")
    rows = env.read(ACCOUNT_BY_CONTACT, {"contact_id": contact_id})
    return rows[0]["accountId"] if rows else None


def get_purchase_history(env: Env, account_id: str, purchase_date: str,
                         related_product_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Order items an account bought on one day (Activated orders only).

    Args:
        account_id: The Account id.
        purchase_date: The day of purchase, e.g. '2023-05-14' (a time part is ignored).
        related_product_ids: If given, only order items of these products.

    Returns:
        Records with orderId, orderItemId, productId, productName and purchaseDate.
    """
    require(account_id, "account_id")
    params: dict[str, Any] = {"account_id": account_id,
                              "purchase_date": parse_datetime(purchase_date, "purchase_date").date()}
    text = PURCHASE_HISTORY
    if related_product_ids is not None:
        params["product_ids"] = [str(p) for p in related_product_ids]
        text = PURCHASE_HISTORY_OF_PRODUCTS
    return env.read(text, params)


TOOLS = (get_account_id_by_contact_id, get_purchase_history)
