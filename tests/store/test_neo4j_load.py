"""Loading the real Neo4j server: counts, idempotent re-load, a load killed midway, replacing another
org, search, and one-line errors. Never mocked: these run against `crmarena neo4j start`'s server."""

import os
import re
import signal
import subprocess
import sys

import pytest

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store import load_org, open_store
from crmarena.store.checksum import content_digest
from crmarena.fingerprint import org_fingerprint
from crmarena.store.neo4j_load import Neo4jLoader
from tests.store.synthetic_org import write_synthetic_org
from tests.waiting import until

pytestmark = pytest.mark.neo4j


def _digest_embedded(org_dir):
    load_org(org_dir, "embedded", quiet=True)
    with open_store("embedded", org_dir=org_dir) as s:
        return content_digest(s), s.counts()


def _every_index_online(driver, settings):
    """Every constraint and index the schema's DDL names exists, and every index is ONLINE: the load
    drops the range and full-text indexes before writing a whole graph and must build them again."""
    from crmarena.graph_schema.ddl import ddl_statements

    names = {re.match(r"CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+)", s).group(1) for s in ddl_statements()}
    have = {r["name"]: r["state"] for r in driver.execute_query(
        "SHOW INDEXES YIELD name, state, owningConstraint", database_=settings.database).records}
    constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name",
                                                           database_=settings.database).records}
    assert names - constraints - set(have) == set(), "DDL names missing after the load"
    assert {n: st for n, st in have.items() if st != "ONLINE"} == {}


def test_load_then_reload_changes_nothing(org_dir, neo4j_settings, neo4j_driver):
    want_digest, want_counts = _digest_embedded(org_dir)
    load_org(org_dir, "neo4j", settings=neo4j_settings, quiet=True)
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.counts() == want_counts
        assert content_digest(s) == want_digest
    _every_index_online(neo4j_driver, neo4j_settings)
    again = load_org(org_dir, "neo4j", settings=neo4j_settings, quiet=True)
    assert not again.replaced and again.method == "merge"
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.counts() == want_counts
        assert content_digest(s) == want_digest
    _every_index_online(neo4j_driver, neo4j_settings)


def test_load_killed_midway_then_rerun_is_identical(tmp_path, neo4j_settings, neo4j_driver):
    org = tmp_path / "org"
    write_synthetic_org(org, cases=1500, seed=21)
    want_digest, want_counts = _digest_embedded(org)
    wiper = Neo4jLoader(neo4j_settings)
    wiper.wipe()
    wiper.close()
    # The child's load holds every write after its first committed OrderItem batch until it is killed
    # (no relationship is written yet), so the kill always lands midway however fast the load runs.
    code = f"""
import threading
from crmarena.store import load_org
from crmarena.store.neo4j_load import Neo4jLoader
write, stored = Neo4jLoader._write, threading.Event()
def held(self, cypher, **params):
    if stored.is_set():
        threading.Event().wait()
    result = write(self, cypher, **params)
    if "rows" in params and ":`OrderItem`" in cypher:
        stored.set()
    return result
Neo4jLoader._write = held
load_org({str(org)!r}, 'neo4j', quiet=True)
"""
    proc = subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ))

    def order_items_stored() -> int:
        if proc.poll() is not None:
            raise AssertionError(f"the load exited {proc.returncode} before it could be killed")
        return neo4j_driver.execute_query("MATCH (n:OrderItem) RETURN count(n) AS n",
                                          database_=neo4j_settings.database).records[0]["n"]

    try:
        seen = until(order_items_stored, 120, "the load's first OrderItem batch")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert seen > 0, "the load ended before it could be killed"
    with open_store("neo4j", settings=neo4j_settings) as s:
        partial = s.counts()
    assert partial != want_counts  # really killed midway
    report = load_org(org, "neo4j", settings=neo4j_settings, quiet=True)
    assert not report.replaced
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.counts() == want_counts
        assert content_digest(s) == want_digest
    _every_index_online(neo4j_driver, neo4j_settings)


def test_a_different_org_replaces_the_graph(tmp_path, org_dir, neo4j_settings, neo4j_driver):
    other = tmp_path / "other"
    write_synthetic_org(other, cases=40, seed=99)   # same id scheme, other content
    want_digest, want_counts = _digest_embedded(other)
    load_org(org_dir, "neo4j", settings=neo4j_settings, quiet=True)
    neo4j_driver.execute_query("CREATE (:Foreign {id: 'x'})", database_=neo4j_settings.database)
    report = load_org(other, "neo4j", settings=neo4j_settings, quiet=True)
    assert report.replaced and "replaced" in report.summary()
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.counts() == want_counts
        assert content_digest(s) == want_digest
        # every node is the org's, plus its one fingerprint node (crmarena.store.org_meta)
        assert s.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == sum(want_counts[0].values()) + 1
        assert s.org_fingerprint() == org_fingerprint(other)
    _every_index_online(neo4j_driver, neo4j_settings)


def test_search_ranks_and_escapes(neo4j_store):
    hits = neo4j_store.search("knowledge_text", "refund window", limit=5)
    assert 0 < len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        text = " ".join(str(h.properties.get(p) or "") for p in ("title", "faqAnswer", "summary")).lower()
        assert "refund" in text or "window" in text
    weird = 'refund (window) AND "x" ~ ^ * ? : / \\ [a] {b} OR NOT -+ &&||!'
    assert all(h.id.startswith("ka0") for h in neo4j_store.search("knowledge_text", weird, limit=5))
    assert all(h.id.startswith("01t") for h in neo4j_store.search("product_text", "trail shoe", limit=3))
    with pytest.raises(CrmarenaError, match="no full-text index"):
        neo4j_store.search("nope", "refund")


def test_timeout_row_cap_and_syntax_errors(neo4j_store):
    with pytest.raises(CrmarenaError, match="timeout|timed out|Timed"):
        neo4j_store.run("MATCH (a)-[*1..12]-(b) RETURN count(*) AS n", timeout=0.5)
    with pytest.raises(CrmarenaError, match="more than 3 rows"):
        neo4j_store.run("MATCH (c:Case) RETURN c.id", max_rows=3)
    with pytest.raises(CrmarenaError, match="syntax") as e:
        neo4j_store.run("MATCH (c:Case RETURN c")
    assert "\n" not in str(e.value)


def test_wrong_password_and_unreachable_server_are_one_line_errors(org_dir, neo4j_settings):
    bad = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password="wrong-password-x")
    with pytest.raises(CrmarenaError, match="rejected the credentials"):
        open_store("neo4j", settings=bad)
    nowhere = Neo4jSettings(uri="bolt://127.0.0.1:1", password="x")
    for call in (lambda: open_store("neo4j", settings=nowhere),
                 lambda: load_org(org_dir, "neo4j", settings=nowhere, quiet=True)):
        with pytest.raises(CrmarenaError, match="no Neo4j answers") as e:
            call()
        assert "\n" not in str(e.value)
