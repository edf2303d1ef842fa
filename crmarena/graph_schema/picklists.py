"""Named allowed values of the schema (its picklists), for code that has to spell one.

``allowed("Case", "status")`` is the whole list; ``value("CaseHistory", "field", "Owner Assignment")``
is one value, checked against the schema when the constant is made (a list's order is part of the
schema: the simulator codes values by position), so a renamed value in
``objects.yaml`` fails at import rather than matching nothing. ``literal`` quotes a value for a Cypher
fragment (the values contain no quote). The constants below are the ones the pipeline uses.
"""

from __future__ import annotations

from functools import lru_cache

from crmarena.graph_schema.model import load_schema


@lru_cache(maxsize=None)
def allowed(label: str, prop: str) -> tuple[str, ...]:
    return load_schema().node(label).values(prop)


def value(label: str, prop: str, v: str) -> str:
    if v not in allowed(label, prop):
        raise ValueError(f"{v!r} is not an allowed value of {label}.{prop}: {', '.join(allowed(label, prop))}")
    return v


def literal(v: str) -> str:
    """A value as a Cypher string literal."""
    if "'" in v or "\\" in v:
        raise ValueError(f"{v!r} cannot be a plain Cypher literal")
    return f"'{v}'"


CASE_CREATION = value("CaseHistory", "field", "Case Creation")
OWNER_ASSIGNMENT = value("CaseHistory", "field", "Owner Assignment")
CASE_CLOSED = value("CaseHistory", "field", "Case Closed")
CLOSED = value("Case", "status", "Closed")
ACTIVATED = value("Order", "status", "Activated")
DRAFT = value("Order", "status", "Draft")
CLOSED_WON = value("Opportunity", "stageName", "Closed Won")
CLOSED_CONVERTED = value("Lead", "status", "Closed - Converted")
