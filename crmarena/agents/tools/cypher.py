"""Every Cypher statement the agents' task tools run: portable Neo4j Cypher with $params.

Portable subset (``crmarena/store/dialect.py`` re-spells it for the embedded engine): the labels that
are keywords somewhere (``Case``, ``Order``) are backticked, window bounds are timezone-aware
``datetime`` parameters named ``$start_date``/``$end_date`` (never ``$end``), windows are half-open
``[start, end)`` on the case's createdDate, and results are ordered so every tool answers identically
on both backends.

Only ``cases`` composes text, and only from the fixed fragments below: the values always travel as
parameters.
"""

from __future__ import annotations

from crmarena.graph_schema.picklists import OWNER_ASSIGNMENT, literal

# --- cases -------------------------------------------------------------------------------------------

# filter name -> condition on the case node ``c``
CASE_CONDITIONS = {
    "start_date": "c.createdDate >= $start_date",
    "end_date": "c.createdDate < $end_date",
    "case_ids": "c.id IN $case_ids",
    "statuses": "c.status IN $statuses",
}

# output column -> (pattern from ``c``, variable, filter parameter on the variable's id or None)
CASE_LINKS = {
    "ownerId": ("(c)-[:OWNED_BY]->(u:User)", "u", "agent_ids"),
    "accountId": ("(c)-[:FOR_ACCOUNT]->(a:Account)", "a", None),
    "contactId": ("(c)-[:FOR_CONTACT]->(ct:Contact)", "ct", None),
    "orderItemId": ("(c)-[:ABOUT_ORDER_ITEM]->(oi:OrderItem)", "oi", "order_item_ids"),
    "issueId": ("(c)-[:HAS_ISSUE]->(i:Issue)", "i", "issue_ids"),
}


def cases(filters: set[str]) -> str:
    """Cases matching the given filters (names of CASE_CONDITIONS or link filter parameters)."""
    conds = [CASE_CONDITIONS[f] for f in CASE_CONDITIONS if f in filters]
    lines = ["MATCH (c:`Case`)"] + ([f"WHERE {' AND '.join(conds)}"] if conds else [])
    for pattern, var, param in CASE_LINKS.values():  # filtered links first: they narrow the match
        if param in filters:
            lines.append(f"MATCH {pattern} WHERE {var}.id IN ${param}")
    for pattern, var, param in CASE_LINKS.values():
        if param not in filters:
            lines.append(f"OPTIONAL MATCH {pattern}")
    cols = ", ".join(f"{var}.id AS {col}" for col, (_, var, _) in CASE_LINKS.items())
    lines.append("RETURN c.id AS id, c.status AS status, c.createdDate AS createdDate, "
                 f"c.closedDate AS closedDate, {cols}")
    lines.append("ORDER BY id")
    return "\n".join(lines)


# --- case history (the event log) --------------------------------------------------------------------

# Windows select cases by their createdDate (as every task does), whenever their events happened.

AGENT_HANDLED_CASES = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE h.field = {literal(OWNER_ASSIGNMENT)} AND c.createdDate >= $start_date AND c.createdDate < $end_date{{before}}
MATCH (h)-[:NEW_OWNER]->(u:User)
RETURN u.id AS agentId, count(DISTINCT c) AS cases
ORDER BY agentId
"""


# The optional "events before" filter of the two queries above (``.format(before=...)``).
EVENTS_BEFORE = " AND h.createdDate < $before"


# --- accounts, products, orders, issues --------------------------------------------------------------


ORDER_ITEM_IDS_BY_PRODUCT = """
MATCH (oi:OrderItem)-[:FOR_PRODUCT]->(p:Product)
WHERE p.id = $product_id
RETURN oi.id AS id
ORDER BY id
"""


ISSUES = """
MATCH (i:Issue)
RETURN i.id AS id, i.name AS name, i.description AS description
ORDER BY id
"""


# --- messages on a case ------------------------------------------------------------------------------


# --- harness -----------------------------------------------------------------------------------------

def count_ids(label: str) -> str:
    """How many of ``$ids`` are nodes of ``label`` (a schema label; checks a task file matches the store)."""
    return f"MATCH (n:`{label}`) WHERE n.id IN $ids RETURN count(n) AS n"
