"""Cypher fragments shared by the gold templates (portable subset: see crmarena/store/README.md).

Window filters compare a DATETIME property with ``$start`` / ``$stop`` parameters computed in Python
(half-open). A template that starts from a more selective node (a product, by id) projects the date
first (``WITH c, c.createdDate AS created WHERE created >= $start ...``) so Neo4j's planner seeks the
id and filters the dates, instead of range-seeking every case of the window. ``ARGMIN`` ends a template whose last ``WITH`` projects ``id`` and ``key``: it returns
every id whose key equals the smallest key (all tied ids); a template wanting the largest passes
``$sign = -1`` and projects ``$sign * value`` as the key.
"""

from __future__ import annotations


def in_window(prop: str) -> str:
    """``prop`` inside the half-open window [$start, $stop)."""
    return f"{prop} >= $start AND {prop} < $stop"


ARGMIN = """
WITH min(key) AS best, collect({id: id, key: key}) AS rows
UNWIND rows AS r
WITH r, best WHERE r.key = best
RETURN r.id AS answer"""

# Handle time of a case in milliseconds (closed minus created).
HANDLE_MS = "(c.closedDate.epochMillis - c.createdDate.epochMillis)"
