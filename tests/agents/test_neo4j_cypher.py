"""Every statement of the task tools is valid Neo4j 5 Cypher (EXPLAIN on the CI server; nothing is loaded
or changed). The same statements run on the embedded engine in test_tools.py."""

from __future__ import annotations

import pytest

from importlib import import_module

from crmarena.agents.tools import cypher
from crmarena.tasks.registry import FAMILIES

pytestmark = pytest.mark.neo4j


def modules():
    """The shared tools' Cypher module and every task family's tools module."""
    yield "", cypher
    for name, fam in FAMILIES.items():
        if fam.tools():
            yield f"{name}.", import_module(f"{fam.package}.tools")


def statements() -> dict[str, str]:
    out = {}
    for prefix, mod in modules():
        for k, v in vars(mod).items():
            if not (k.isupper() and not k.startswith("_") and isinstance(v, str) and "RETURN" in v):
                continue
            k = prefix + k
            if "{before}" in v:   # the optional events-before filter: both spellings
                out[k] = v.format(before="")
                out[k + "+before"] = v.format(before=cypher.EVENTS_BEFORE)
            else:
                out[k] = v
    filters = list(cypher.CASE_CONDITIONS) + [p for _, _, p in cypher.CASE_LINKS.values() if p]
    for combo in [(f,) for f in filters] + [tuple(filters)]:
        out[f"cases{combo}"] = cypher.cases(set(combo))
    return out


@pytest.mark.parametrize("name,text", sorted(statements().items()))
def test_tool_cypher_is_valid_on_neo4j(neo4j_driver, name, text):
    from neo4j import RoutingControl

    neo4j_driver.execute_query("EXPLAIN " + text, {}, routing_=RoutingControl.READ)
