"""The tools top issue identification brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from crmarena.agents.tools.crm import window_params
from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import require

ISSUE_COUNTS = """
MATCH (c:`Case`)-[:ABOUT_ORDER_ITEM]->(oi:OrderItem)
WHERE oi.id IN $order_item_ids AND c.createdDate >= $start_date AND c.createdDate < $end_date
MATCH (c)-[:HAS_ISSUE]->(i:Issue)
RETURN i.id AS issueId, count(c) AS cases
ORDER BY cases DESC, issueId
"""


def get_issue_counts(env: Env, start_date: str, end_date: str, order_item_ids: list[str]) -> dict[str, int]:
    """Count the cases per issue among cases about the given order items, created in a period.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        order_item_ids: Order item ids (e.g. from get_order_item_ids_by_product).

    Returns:
        Issue id -> number of cases, most frequent first.
    """
    require(order_item_ids, "order_item_ids")
    params = {**window_params(start_date, end_date), "order_item_ids": [str(i) for i in order_item_ids]}
    return {r["issueId"]: r["cases"] for r in env.read(ISSUE_COUNTS, params)}


TOOLS = (get_issue_counts,)
