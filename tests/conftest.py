"""Shared fixtures. Neo4j tests run only when CRMARENA_NEO4J_TESTS=1 (CI sets it after
``crmarena neo4j start``); there they fail, never skip, if the server does not answer."""

from __future__ import annotations

import os

import pytest

NEO4J_ENABLED = os.environ.get("CRMARENA_NEO4J_TESTS") == "1"


def pytest_collection_modifyitems(config, items):
    if NEO4J_ENABLED:
        return
    skip = pytest.mark.skip(reason="Neo4j tests need CRMARENA_NEO4J_TESTS=1 and a running server")
    for item in items:
        if item.get_closest_marker("neo4j"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def neo4j_settings():
    from crmarena.settings import Neo4jSettings

    return Neo4jSettings.from_env()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings):
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_settings.uri, auth=(neo4j_settings.user, neo4j_settings.password))
    driver.verify_connectivity()
    yield driver
    driver.close()
