"""Every Cypher text of the product names only what the schema has: labels, relationship types (each
between the labels the schema says, in its direction), properties, and allowed values."""

from __future__ import annotations

import re
from importlib import import_module

import pytest

from crmarena.graph_schema import load_schema
from crmarena.tasks.registry import FAMILIES, get_task

NODE = r"\(\s*(\w*)\s*(?::\s*`?(\w+)`?)?[^()]*\)"
HOP = re.compile(NODE + r"\s*(<?)-\[\s*\w*\s*:\s*`?(\w+)`?\s*\]-(>?)\s*" + NODE)
LABELLED = re.compile(r"\(\s*(\w*)\s*:\s*`?(\w+)`?")
PROP = re.compile(r"\b([a-z]\w*)\.([A-Za-z_]\w*)\b")
VALUE = re.compile(r"\b([a-z]\w*)\.(\w+)\s*(?:=|IN)\s*'([^']*)'")


def texts() -> list[tuple[str, str]]:
    out = [(f"{n} gold", get_task(n).cypher) for n in FAMILIES]
    modules = ["crmarena.agents.tools.cypher"] + [f"crmarena.tasks.{n}.tools" for n in FAMILIES
                                                  if FAMILIES[n].tools()]
    for name in modules:
        mod = import_module(name)
        out += [(f"{name}.{k}", v) for k, v in vars(mod).items() if isinstance(v, str) and "MATCH" in v]
    cy = import_module("crmarena.agents.tools.cypher")
    out.append(("get_cases (all filters)", cy.cases({"start_date", "end_date", "case_ids", "statuses", "agent_ids",
                                                     "order_item_ids", "issue_ids"})))
    return out


@pytest.mark.parametrize("where,text", texts(), ids=lambda x: x if len(x) < 60 else None)
def test_cypher_names_only_schema_things(where, text):
    schema = load_schema()
    labels = {n.label: n for n in schema.nodes}
    hops = {(r.source, r.type, r.target) for r in schema.relationships}
    var = {}
    for v, label in LABELLED.findall(text):
        assert label in labels, f"{where}: unknown label {label}"
        if v:
            var[v] = label
    for m in HOP.finditer(text):
        lv, ll, back, rel, fwd, rv, rl = m.groups()
        assert rel in {t for _, t, _ in hops}, f"{where}: unknown relationship {rel}"
        left, right = ll or var.get(lv), rl or var.get(rv)
        if left and right:
            src, dst = (right, left) if back else (left, right)
            assert (src, rel, dst) in hops, f"{where}: ({src})-[:{rel}]->({dst}) is not in the schema"
    for v, prop in PROP.findall(text):
        if v in var:
            assert prop in {"id"} | {p.name for p in labels[var[v]].properties}, f"{where}: {var[v]}.{prop} unknown"
    for v, prop, value in VALUE.findall(text):
        if v in var:
            allowed = labels[var[v]].property(prop).values
            assert not allowed or value in allowed, f"{where}: {var[v]}.{prop} = {value!r} is not allowed"


def test_the_checks_catch_a_wrong_name():
    with pytest.raises(AssertionError, match="not in the schema"):
        test_cypher_names_only_schema_things("probe", "MATCH (c:`Case`)-[:OWNED_BY]->(p:Product) RETURN c")
    with pytest.raises(AssertionError, match="not allowed"):
        test_cypher_names_only_schema_things("probe", "MATCH (c:`Case`) WHERE c.status = 'Shut' RETURN c")
    with pytest.raises(AssertionError, match="unknown"):
        test_cypher_names_only_schema_things("probe", "MATCH (c:`Case`)-[:OWNS]->(u:User) RETURN c")
