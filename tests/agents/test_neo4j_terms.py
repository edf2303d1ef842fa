"""Embedded-engine errors reach the agents in Neo4j's terms (the prompt says the database is Neo4j)."""

from __future__ import annotations

import pytest

from crmarena.agents.tools import tools_by_name
from crmarena.agents.tools.neo4j_terms import neo4j_error
from crmarena.agents.tools.runtime import call_tool


@pytest.mark.parametrize("query,want", [
    ("MATCH (c:Case) WITH RETURN c", "Error: Neo.ClientError.Statement.SyntaxError: Invalid input 'c' (line 1, column 30)"),
    ("MATCH (c:Case) RETURN c LIMT 1", "Error: Neo.ClientError.Statement.SyntaxError: Invalid input < LIMT> (line 1, column 27)"),
    ("MATCH (c:Case) RETURN x LIMIT 1", "Error: Neo.ClientError.Statement.SyntaxError: Variable `x` not defined"),
    ("MATCH (c:Cse) RETURN c LIMIT 1", "Cse"),              # the store's schema check names it first
    ("MATCH (c:Case)-[:OWNS]->(u) RETURN u LIMIT 1", "OWNS"),
    ("MATCH (c:Case) RETURN c.nope LIMIT 1", "nope"),
    ("MATCH (c:Case) WHERE c.createdDate > '2023' RETURN count(c) AS n", "DATETIME"),
])
def test_run_cypher_errors_read_as_neo4j(store, query, want):
    obs = call_tool(tools_by_name("general")["run_cypher"], {"query": query}, store)
    assert not obs.ok and want in obs.text
    for engine_word in ("Binder", "Parser exception", "expecting {", "expected rule", "TIMESTAMP", "Table "):
        assert engine_word not in obs.text


@pytest.mark.parametrize("engine,want", [
    ("embedded query failed: Binder exception: Table Cse does not exist.",
     "UnknownLabelWarning: the label `Cse` does not exist in this database"),
    ("embedded query failed: Binder exception: Table OWNED_BY does not exist.",
     "UnknownRelationshipTypeWarning: the relationship type `OWNED_BY` does not exist"),
    ("embedded query failed: Binder exception: Cannot find property nope for c.",
     "UnknownPropertyKeyWarning: the property `nope` of `c` does not exist"),
    ("embedded query failed: Parser exception: extraneous input 'CYPHER' expecting {ALTER, ANALYZE, MATCH} "
     "(line: 1, offset: 0)", "Neo.ClientError.Statement.SyntaxError: Invalid input 'CYPHER' (line 1, column 1)"),
    ("embedded query failed: Runtime exception: overflow of INT64", "ArgumentError: overflow of INTEGER"),
])
def test_engine_messages_in_neo4j_terms(engine, want):
    assert want in neo4j_error(engine)


def test_other_text_is_left_alone():
    assert neo4j_error("refused: 'CREATE' — queries are read-only") == "refused: 'CREATE' — queries are read-only"
    assert neo4j_error("query timed out after 30 s").startswith("query timed out")
