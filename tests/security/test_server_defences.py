"""Defence in depth: what holds even if the plan check let a statement through. Neo4j's own settings
(LOAD CSV reaches no URL and no file, procedures allow-listed, transaction memory capped), sessions
pinned to the org's database, the client deadline; the rendered configuration says so too."""

from __future__ import annotations

import threading

import pytest

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store.base import QueryLimits
from crmarena.store.server import config as server_config
from crmarena.store.server.config import parse_conf, render_conf

LOAD_FORMS = ["LOAD CSV FROM '{http}/canary.csv' AS row RETURN row",
              "LOAD CSV FROM '{https}/canary.csv' AS row RETURN row",
              "LOAD CSV FROM 'http://localhost:{port}/canary.csv' AS row RETURN row",
              "LOAD CSV FROM 'http://[::1]:{port}/canary.csv' AS row RETURN row",
              "LOAD CSV FROM 'ftp://127.0.0.1:{port}/canary.csv' AS row RETURN row",
              "LOAD CSV FROM 'file://{file}' AS row RETURN row",
              "LOAD CSV FROM 'file:///canary.csv' AS row RETURN row"]


def test_rendered_conf_locks_load_csv_and_procedures():
    cfg = server_config.load_config(password="x" * 8)
    conf = parse_conf(render_conf(cfg))
    assert conf["internal.dbms.cypher_ip_blocklist"] == "0.0.0.0/0,::/0"
    assert conf["dbms.security.allow_csv_import_from_file_urls"] == "false"
    allow = conf["dbms.security.procedures.allowlist"].split(",")
    assert "db.index.fulltext.queryNodes" in allow and not any("*" in p or p.startswith("apoc") for p in allow)
    assert conf["db.memory.transaction.max"] == cfg.memory["transaction_max"]
    assert "-Dhttp.proxyHost=127.0.0.1" in cfg.jvm_options and "-Dhttps.proxyPort=1" in cfg.jvm_options


@pytest.mark.neo4j
def test_load_csv_reaches_nothing_even_past_the_plan_check(neo4j_security_store, canaries, canary_server):
    port = canary_server.server_address[1]
    before = canary_server.connections
    for form in LOAD_FORMS:
        text = canaries.fill(form).replace("{port}", str(port))
        with pytest.raises(CrmarenaError) as e:
            neo4j_security_store._read(text, {}, 10, 10)      # no lexical check, no plan check
        assert "blocked" in str(e.value) or "allow_csv_import_from_file_urls" in str(e.value) or \
            "Couldn't load the external resource" in str(e.value), str(e.value)
    assert canary_server.connections == before


@pytest.mark.neo4j
def test_server_settings_in_force(neo4j_driver):
    rows = neo4j_driver.execute_query("SHOW SETTINGS YIELD name, value RETURN name, value").records
    settings = {r["name"]: r["value"] for r in rows}
    assert settings["dbms.security.procedures.allowlist"].startswith("db.index.fulltext.queryNodes")
    assert settings["db.memory.transaction.max"] not in ("", "0", "0B")
    assert settings["dbms.security.allow_csv_import_from_file_urls"] == "false"


@pytest.mark.neo4j
def test_transaction_memory_cap_stops_a_runaway_collect(neo4j_security_store):
    with pytest.raises(CrmarenaError, match="(?i)memory"):
        neo4j_security_store._read("UNWIND range(1, 1000000000) AS x WITH collect(x) AS l RETURN size(l) AS n",
                                   {}, 60, 1)


@pytest.mark.neo4j
def test_a_query_that_fills_the_heap_fails_alone(neo4j_security_store):
    """db.memory.transaction.max does not see a list comprehension's list: the heap fills, and the server
    (run without ExitOnOutOfMemoryError) fails that query and keeps answering."""
    with pytest.raises(CrmarenaError, match="(?i)memory|heap"):
        neo4j_security_store._read("RETURN size([x IN range(1, 1000000000) | x * 2]) AS n", {}, 60, 1)
    assert neo4j_security_store.run("RETURN 1 AS x") == [{"x": 1}]


def test_the_system_database_is_never_a_store():
    from crmarena.store.neo4j_store import Neo4jStore

    for name in ("system", "SYSTEM", " system "):
        with pytest.raises(CrmarenaError, match="never 'system'"):
            Neo4jStore(Neo4jSettings(database=name))


@pytest.mark.neo4j
def test_client_deadline_abandons_a_call_and_the_next_one_runs(neo4j_settings):
    """A call whose server never answers (here: one that waits on an event) is abandoned past its
    timeout plus the grace, its driver closed and replaced; the store keeps answering."""
    from crmarena.store.neo4j_store import Neo4jStore

    release = threading.Event()
    with Neo4jStore(neo4j_settings, limits=QueryLimits(client_grace_s=0.2)) as store:
        first = store._driver
        with pytest.raises(CrmarenaError, match=r"^query exceeded its 0.1 s timeout: Neo4j did not answer"):
            store._within_deadline(lambda driver: release.wait(30) and [], 0.1)
        assert store._driver is not first
        assert store.run("RETURN 1 AS x") == [{"x": 1}]
        release.set()
