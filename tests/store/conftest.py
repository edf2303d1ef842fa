"""Fixtures: one synthetic org (schema-driven, seeded) loaded into the embedded store and, for the
tests marked ``neo4j``, into the real server (the user's state: see tests/conftest.py)."""

from __future__ import annotations


import pytest

from tests.store.synthetic_org import write_synthetic_org


@pytest.fixture(scope="session")
def org_dir(tmp_path_factory):
    """A synthetic org of 60 cases, loaded into the embedded store."""
    from crmarena.store import load_org

    d = tmp_path_factory.mktemp("org")
    write_synthetic_org(d, cases=60, seed=11)
    load_org(d, "embedded", quiet=True)
    return d


@pytest.fixture(scope="session")
def embedded(org_dir):
    from crmarena.store import open_store

    store = open_store("embedded", org_dir=org_dir)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j_store(org_dir, neo4j_settings):
    """The same org in the real Neo4j server (replacing whatever graph it held); per module, since
    the loading tests put other graphs there."""
    from crmarena.store import load_org, open_store

    load_org(org_dir, "neo4j", settings=neo4j_settings, quiet=True)
    store = open_store("neo4j", settings=neo4j_settings)
    yield store
    store.close()
