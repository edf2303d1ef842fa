"""The tools quote approval brings to the agents' toolbox (``env`` injected); invalid_config's oracle
uses ``get_quote_line_items`` too.

Portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import to_json_value

QUOTE_ACCOUNT = """
MATCH (q:Quote {id: $quote_id})-[:FOR_ACCOUNT]->(a:Account)
RETURN q.id AS quoteId, q.status AS status, a.id AS accountId, a.name AS accountName,
       a.numberOfEmployees AS numberOfEmployees
"""

QUOTE_LINE_ITEMS = """
MATCH (q:Quote {id: $quote_id})<-[:IN_QUOTE]-(l:QuoteLineItem)-[:FOR_PRODUCT]->(p:Product)
OPTIONAL MATCH (p)<-[:FOR_PRODUCT]-(:ProductCategoryProduct)-[:IN_CATEGORY]->(c:ProductCategory)
RETURN l.id AS id, p.id AS productId, p.name AS productName, c.name AS category, l.quantity AS quantity,
       l.unitPrice AS unitPrice, l.discount AS discount, l.totalPrice AS totalPrice
ORDER BY id, category
"""


def get_quote_account(env: Env, quote_id: str) -> dict[str, Any]:
    """The account of a quote, with its size.

    Args:
        quote_id: The Quote id, e.g. '0Q0000000000001CAA'.

    Returns:
        quoteId, the quote's status, accountId, accountName and numberOfEmployees.
    """
    rows = env.read(QUOTE_ACCOUNT, {"quote_id": str(quote_id)})
    if not rows:
        raise ValueError(f"no quote {quote_id} with an account")
    return to_json_value(rows[0])


def get_quote_line_items(env: Env, quote_id: str) -> list[dict[str, Any]]:
    """The lines of a quote with their product and the product's category.

    Args:
        quote_id: The Quote id, e.g. '0Q0000000000001CAA'.

    Returns:
        Line records with id, productId, productName, category, quantity, unitPrice, discount (percent)
        and totalPrice.
    """
    return [to_json_value(r) for r in env.read(QUOTE_LINE_ITEMS, {"quote_id": str(quote_id)})]


TOOLS = (get_quote_account, get_quote_line_items)
