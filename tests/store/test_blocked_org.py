"""An org cut into blocks (dataset folders of parts) loads into the real Neo4j server, over Bolt and
with neo4j-admin import, with the same content as the embedded store."""

import os

import pytest

from crmarena.settings import Neo4jSettings
from crmarena.store import load_org, open_store
from crmarena.store.checksum import content_digest
from tests.store.test_admin_import import PRIVATE_BOLT, PRIVATE_HTTP

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def blocked(org):
    path = org(seed=5, cases=3000, ratios="crmarena", block_cases=1000, loaded=True)
    assert (path / "Case.parquet" / "part-00002.parquet").is_file()
    with open_store("embedded", org_dir=path) as s:
        return path, content_digest(s), s.counts()


def test_bolt_load_of_a_blocked_org_matches_the_embedded_store(blocked, neo4j_settings):
    path, digest, counts = blocked
    report = load_org(path, "neo4j", settings=neo4j_settings, quiet=True)
    assert (report.nodes, report.relationships) == counts
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.counts() == counts and content_digest(s) == digest


@pytest.mark.slow
def test_admin_import_of_a_blocked_org_matches_the_embedded_store(blocked, monkeypatch):
    from crmarena.store import server

    path, digest, counts = blocked
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    monkeypatch.setenv("CRMARENA_NEO4J_HOME", os.path.join(cache, "crmarena", "test-admin-import-neo4j"))
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{PRIVATE_BOLT}")
    monkeypatch.setenv("CRMARENA_NEO4J_HTTP_PORT", str(PRIVATE_HTTP))
    settings = Neo4jSettings.from_env()
    try:
        report = load_org(path, "neo4j", settings=settings, quiet=True, admin_import=True)
        assert report.method == "admin-import" and (report.nodes, report.relationships) == counts
        with open_store("neo4j", settings=settings) as s:
            assert s.counts() == counts and content_digest(s) == digest
    finally:
        server.stop()
