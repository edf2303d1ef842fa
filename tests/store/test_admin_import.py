"""``--admin-import`` end to end on a private local server (its own home and ports, so the shared
server is never stopped): neo4j-admin import, restart, DDL, and the same content as the embedded store."""

import os

import pytest

from crmarena.settings import Neo4jSettings
from crmarena.store import load_org, open_store
from crmarena.store.admin_import import _cell, node_header
from crmarena.store.checksum import content_digest

PRIVATE_BOLT, PRIVATE_HTTP = 7688, 7475


def test_csv_cells_and_headers():
    from datetime import date, datetime, timezone

    from crmarena.graph_schema import load_schema

    assert _cell(None) == "" and _cell("") == '""' and _cell('a "b",c') == '"a ""b"",c"'
    assert _cell(True) == "true" and _cell(2.5) == "2.5" and _cell(3) == "3"
    assert _cell(datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)) == "2024-01-02T03:04:05Z"
    assert _cell(date(2024, 1, 2)) == "2024-01-02"
    header = node_header(load_schema().node("Case"))
    assert header[0] == "id:ID(Case)" and "createdDate:datetime" in header and "status:string" in header


@pytest.mark.neo4j
@pytest.mark.slow
def test_admin_import_into_a_private_server(org_dir, monkeypatch):
    from crmarena.store import server

    # a home kept between runs (assembling Neo4j is the slow part); its database is replaced each time
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    monkeypatch.setenv("CRMARENA_NEO4J_HOME", os.path.join(cache, "crmarena", "test-admin-import-neo4j"))
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{PRIVATE_BOLT}")
    monkeypatch.setenv("CRMARENA_NEO4J_HTTP_PORT", str(PRIVATE_HTTP))
    settings = Neo4jSettings.from_env()
    with open_store("embedded", org_dir=org_dir) as s:
        want_digest, want_counts = content_digest(s), s.counts()
    try:
        report = load_org(org_dir, "neo4j", settings=settings, quiet=True, admin_import=True)
        assert report.method == "admin-import" and (report.nodes, report.relationships) == want_counts
        with open_store("neo4j", settings=settings) as s:
            assert s.counts() == want_counts
            assert content_digest(s) == want_digest
            states = s._read("SHOW INDEXES YIELD name, state RETURN collect(DISTINCT state) AS s", {}, 30, 1)[0]["s"]
            assert states == ["ONLINE"]
            assert s.search("knowledge_text", "refund window", limit=3)
        assert not (org_dir / "neo4j-import").exists()
    finally:
        server.stop()
        assert os.environ["NEO4J_URI"].endswith(str(PRIVATE_BOLT))
