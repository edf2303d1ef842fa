"""Differential on the simulator's own tiny org: the battery and the content checksum agree across
the embedded store and Neo4j, and full-text search ranks the same articles first."""

import pytest

from crmarena.store import load_org, open_store
from crmarena.store.checksum import content_digest
from tests.store.battery import BATTERY, PARAMS
from tests.store.test_differential import run


@pytest.fixture(scope="module")
def sim_org(org):
    return org(7, 120, loaded=True)


@pytest.fixture(scope="module")
def sim_embedded(sim_org):
    with open_store("embedded", org_dir=sim_org) as s:
        yield s


@pytest.fixture(scope="module")
def sim_neo4j(sim_org, neo4j_settings):
    load_org(sim_org, "neo4j", settings=neo4j_settings, quiet=True)
    with open_store("neo4j", settings=neo4j_settings) as s:
        yield s


def test_simulated_org_counts_match_parquet(sim_org, sim_embedded):
    import pyarrow.parquet as pq

    nodes, _ = sim_embedded.counts()
    assert nodes["Case"] == pq.read_metadata(sim_org / "Case.parquet").num_rows > 0


@pytest.mark.neo4j
def test_simulated_org_same_everywhere(sim_embedded, sim_neo4j):
    differing = [name for name in sorted(BATTERY) if run(sim_embedded, name) != run(sim_neo4j, name)]
    assert differing == []
    assert content_digest(sim_embedded) == content_digest(sim_neo4j)
    for index, words in (("knowledge_text", "refund window"), ("knowledge_text", "express shipping fee"),
                         ("product_text", "running shoe")):
        a = sim_embedded.search(index, words, limit=3)
        b = sim_neo4j.search(index, words, limit=3)
        assert a and b and a[0].id == b[0].id, (index, words)


def test_battery_params_are_aware():
    assert all(getattr(v, "tzinfo", True) is not None for v in PARAMS.values())
