"""Differential: the same Neo4j Cypher on the embedded store and on the real Neo4j server, same org,
identical results (and identical content checksums)."""

import pytest

from crmarena.store.checksum import content_digest
from crmarena.store.cypher_text import tokenize
from crmarena.store.portable import param_name
from tests.store.battery import BATTERY, PARAMS


def canonical(value):
    """Lists inside cells (``collect``) in a fixed order; rows keep theirs."""
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=repr)
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    return value


def used_params(cypher: str) -> dict:
    """The battery's parameters this query uses (a store refuses unused ones)."""
    names = {param_name(t) for t in tokenize(cypher) if t.kind == "param"}
    return {k: v for k, v in PARAMS.items() if k in names}


def run(store, name):
    rows = store.run(BATTERY[name], used_params(BATTERY[name]))
    return [{k: canonical(v) for k, v in r.items()} for r in rows]


def test_battery_is_big_enough():
    assert len(BATTERY) >= 20


@pytest.mark.parametrize("name", sorted(BATTERY))
def test_battery_runs_on_embedded(embedded, name):
    rows = run(embedded, name)
    assert isinstance(rows, list)


def test_battery_is_not_trivial(embedded):
    """Most queries return rows with values, so agreement means something."""
    non_empty = [n for n in BATTERY if run(embedded, n) and any(v not in (None, 0, []) for r in run(embedded, n)
                                                                    for v in r.values())]
    assert len(non_empty) >= len(BATTERY) - 2


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(BATTERY))
def test_same_results_on_both_backends(embedded, neo4j_store, name):
    assert run(embedded, name) == run(neo4j_store, name)


@pytest.mark.neo4j
def test_same_content_checksum(embedded, neo4j_store):
    assert content_digest(embedded) == content_digest(neo4j_store)
