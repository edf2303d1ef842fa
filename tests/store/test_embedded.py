"""The embedded store: typed schema, COPY load, counts, idempotent re-load, bad input, timeouts, search."""

from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import load_schema
from crmarena.store import load_org, open_store
from crmarena.store.checksum import content_digest
from crmarena.store.embedded_load import schema_statements
from tests.store.synthetic_org import write_synthetic_org


def _parquet_counts(org_dir):
    schema = load_schema()
    nodes = {n.label: pq.read_metadata(org_dir / f"{n.label}.parquet").num_rows for n in schema.nodes}
    rels = {}
    for r in schema.relationships:
        col = pq.read_table(org_dir / f"{r.source}.parquet", columns=[r.column]).column(0)
        rels[r.type] = rels.get(r.type, 0) + len(col) - col.null_count
    return nodes, rels


def test_shared_relationship_types_are_multi_pair_tables():
    stmts = {s.split("`")[1]: s for s in schema_statements(load_schema()) if s.startswith("CREATE REL")}
    assert "FROM `Contact` TO `User`" in stmts["OWNED_BY"] and "FROM `Case` TO `User`" in stmts["OWNED_BY"]
    assert stmts["ON_CASE"].count("FROM ") == 3
    assert set(stmts) == set(load_schema().relationship_types)


def test_counts_match_the_parquet_tables(org_dir, embedded):
    assert embedded.counts() == _parquet_counts(org_dir)


def test_reload_changes_nothing(tmp_path):
    write_synthetic_org(tmp_path, cases=30, seed=3)
    first = load_org(tmp_path, "embedded", quiet=True)
    with open_store("embedded", org_dir=tmp_path) as s:
        digest = content_digest(s)
    second = load_org(tmp_path, "embedded", quiet=True)
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)
    with open_store("embedded", org_dir=tmp_path) as s:
        assert content_digest(s) == digest
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".graph-build")]


def test_bad_org_is_refused_and_keeps_the_old_database(tmp_path):
    write_synthetic_org(tmp_path, cases=20, seed=4)
    load_org(tmp_path, "embedded", quiet=True)
    with open_store("embedded", org_dir=tmp_path) as s:
        digest = content_digest(s)
    (tmp_path / "Case.parquet").write_bytes(b"not parquet")
    with pytest.raises(CrmarenaError, match="Case.parquet"):
        load_org(tmp_path, "embedded", quiet=True)
    with open_store("embedded", org_dir=tmp_path) as s:
        assert content_digest(s) == digest
    (tmp_path / "Case.parquet").unlink()
    with pytest.raises(CrmarenaError, match="missing Case.parquet"):
        load_org(tmp_path, "embedded", quiet=True)
    with pytest.raises(CrmarenaError, match="does not exist"):
        load_org(tmp_path / "nope", "embedded", quiet=True)
    with pytest.raises(CrmarenaError, match="unknown store"):
        load_org(tmp_path, "sqlite", quiet=True)


def test_store_without_database_is_a_clear_error(tmp_path):
    with pytest.raises(CrmarenaError, match="crmarena load"):
        open_store("embedded", org_dir=tmp_path)


def test_values_are_plain_python(embedded):
    row = embedded.run("MATCH (c:Case) WHERE c.closedDate IS NOT NULL "
                       "RETURN c.createdDate AS t, date(c.createdDate) AS d, c.createdDate.year AS y, "
                       "avg(1) AS f, sum(c.createdDate.day) AS s ORDER BY t LIMIT 1")[0]
    assert row["t"].tzinfo == timezone.utc and type(row["d"]).__name__ == "date"
    assert type(row["y"]) is int and type(row["f"]) is float and type(row["s"]) is int


def test_parameters_take_aware_datetimes(embedded):
    start = datetime(2022, 1, 1, tzinfo=timezone.utc)
    n = embedded.run("MATCH (c:Case) WHERE c.createdDate >= $start RETURN count(c) AS n", {"start": start})[0]["n"]
    all_ = embedded.run("MATCH (c:Case) RETURN c.createdDate AS t")
    assert n == sum(1 for r in all_ if r["t"] >= start)
    with pytest.raises(CrmarenaError, match="time zone"):
        embedded.run("RETURN $t AS t", {"t": datetime(2022, 1, 1)})


def test_row_cap_and_bad_cypher(embedded):
    with pytest.raises(CrmarenaError, match="more than 5 rows"):
        embedded.run("MATCH (c:Case) RETURN c.id", max_rows=5)
    assert len(embedded.run("MATCH (c:Case) RETURN c.id LIMIT 5", max_rows=5)) == 5
    with pytest.raises(CrmarenaError, match="embedded query failed"):
        embedded.run("MATCH (c:Case RETURN c")
    with pytest.raises(CrmarenaError, match="portable"):
        embedded.run("MATCH (c:Case) RETURN elementId(c)")


def test_timeout_is_enforced(embedded):
    slow = "MATCH (a)-[*1..6]-(b) RETURN count(*) AS n"
    with pytest.raises(CrmarenaError, match="timeout"):
        embedded.run(slow, timeout=0.05)


def test_search_ranks_matching_articles(embedded):
    hits = embedded.search("knowledge_text", "refund window", limit=5)
    assert 0 < len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        text = " ".join(str(h.properties.get(p) or "") for p in ("title", "faqAnswer", "summary")).lower()
        assert "refund" in text or "window" in text
        assert h.id.startswith("ka0")
    products = embedded.search("product_text", "trail shoe", limit=3)
    assert products and all(h.id.startswith("01t") for h in products)
    assert embedded.search("knowledge_text", "qwertyuiop", limit=5) == []
    with pytest.raises(CrmarenaError, match="no full-text index"):
        embedded.search("nope", "refund")


def test_a_throwaway_load_is_not_remembered(org_dir, tmp_path):
    from crmarena.store import load_org
    from crmarena.store.org import default_org, remember_org
    from tests.store.synthetic_org import write_synthetic_org

    load_org(org_dir, "embedded", quiet=True)
    other = tmp_path / "throwaway"
    write_synthetic_org(other, cases=5, seed=2)
    load_org(other, "embedded", quiet=True, remember=False)
    assert default_org().resolve() == org_dir.resolve()
    try:
        load_org(other, "embedded", quiet=True)
        assert default_org().resolve() == other.resolve()
    finally:
        remember_org(org_dir.resolve())        # the other tests' last org
