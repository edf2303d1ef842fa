"""``--admin-import`` end to end on a private local server (its own home and ports, so the shared
server is never stopped): neo4j-admin import, restart, DDL, and the same content as the embedded store."""

import os

import pytest

from crmarena.settings import Neo4jSettings
from crmarena.store import load_org, open_store
from crmarena.store.admin_files import node_header, write_csv
from crmarena.store.checksum import content_digest

PRIVATE_BOLT, PRIVATE_HTTP = 7688, 7475


def test_csv_fields_and_headers(tmp_path):
    from datetime import date, datetime, timezone

    import pyarrow as pa

    from crmarena.graph_schema import load_schema

    utc = pa.timestamp("us", tz="UTC")
    table = pa.table({"s": pa.array(['a "b",c', "", None]), "b": pa.array([True, None, False]),
                      "f": pa.array([2.5, None, 0.1]), "i": pa.array([3, -1, None]),
                      "d": pa.array([date(2024, 1, 2), None, date(2023, 12, 31)]),
                      "t": pa.array([datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), None,
                                     datetime(2024, 1, 2, 3, 4, 5, 120, tzinfo=timezone.utc)], utc)})
    path = tmp_path / "x.csv"
    write_csv(path, table, list(table.column_names))
    assert path.read_text().splitlines() == [
        "s,b,f,i,d,t",
        '"a ""b"",c",true,2.5,3,2024-01-02,"2024-01-02T03:04:05.000000Z"',
        '"",,,-1,,',                                  # an empty string stays quoted; a null is an empty field
        ',false,0.1,,2023-12-31,"2024-01-02T03:04:05.000120Z"']
    header = node_header(load_schema().node("Case"))
    assert header[:2] == [":ID(Case)", "id:string"] and "createdDate:datetime" in header and "status:string" in header


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
