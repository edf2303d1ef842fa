"""Fixtures: a small synthetic org (embedded, and in the real Neo4j server for the tests marked
``neo4j``), the canary file and HTTP server, and the expanded corpus."""

from __future__ import annotations


import pytest

from tests.neo4j_stores import neo4j_store_holding
from tests.security.corpus import CANARY_TEXT, Canaries, CanaryServer, attacks
from tests.store.synthetic_org import write_synthetic_org


@pytest.fixture(scope="session")
def canary_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("canary")
    (d / "canary.csv").write_text(f"{CANARY_TEXT},b\n", encoding="utf-8")
    with CanaryServer(d) as server:
        yield server


@pytest.fixture(scope="session")
def security_org(tmp_path_factory):
    from crmarena.store import load_org

    d = tmp_path_factory.mktemp("secorg")
    write_synthetic_org(d, cases=60, seed=5)
    load_org(d, "embedded", quiet=True)
    return d


@pytest.fixture(scope="session")
def canaries(canary_server, security_org):
    return Canaries(file=canary_server.directory / "canary.csv", org=security_org, http=canary_server.url,
                    https=canary_server.url.replace("http://", "https://"))


@pytest.fixture(scope="session")
def corpus(canaries):
    return attacks(canaries)


@pytest.fixture(scope="session")
def neo4j_security_store(security_org, neo4j_settings):
    with neo4j_store_holding(security_org, neo4j_settings) as store:
        yield store
