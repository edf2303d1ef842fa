"""Read-only: every write attempt is refused with a one-line CrmarenaError and changes nothing,
on both backends; legitimate reads that look like writes still run."""

import pytest

from crmarena.errors import CrmarenaError
from crmarena.store.checksum import content_digest
from crmarena.store.base import QueryLimits
from crmarena.store.cypher_text import LINE_TERMINATORS
from crmarena.store.readonly import check_bounds, check_read_only

ATTACKS = [
    "CREATE (x:Hack) RETURN x",
    "create (x:Hack)",
    "CrEaTe (x:Hack)",
    "MATCH (c:Case) SET c.status = 'X' RETURN count(c)",
    "MATCH (c:Case) SET c:Hack",
    "MATCH (c:Case) SET c += {status: 'X'}",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Issue) DELETE n",
    "MATCH (c:Case) REMOVE c.status",
    "MATCH (c:Case) REMOVE c:Case",
    "MERGE (x:Hack {id: 1}) RETURN x",
    "MATCH (u:User) MERGE (u)-[:HACK]->(u)",
    "CALL db.createLabel('Hack')",
    "CALL db.createProperty('hack')",
    "CALL db.createRelationshipType('HACK')",
    "CREATE INDEX hack FOR (n:Hack) ON (n.x)",
    "CREATE CONSTRAINT hack FOR (n:Hack) REQUIRE n.id IS UNIQUE",
    "DROP INDEX case_status",
    "DROP CONSTRAINT case_id",
    "CREATE FULLTEXT INDEX hack FOR (n:Hack) ON EACH [n.x]",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'https://example.com/x.csv' AS row CREATE (:Hack {x: row.x})",
    "MATCH (c:Case) FOREACH (x IN [1] | SET c.status = 'X')",
    "FOREACH (x IN range(1, 3) | CREATE (:Hack))",
    "MATCH (n) RETURN count(n); CREATE (x:Hack)",
    "RETURN 1; MATCH (n) DETACH DELETE n",
    "MATCH (n) RETURN n LIMIT 1;; MERGE (:Hack)",
    "CALL { CREATE (x:Hack) } RETURN 1",
    "MATCH (c:Case) CALL (c) { SET c.status = 'X' } RETURN count(*)",
    "MATCH (c:Case) CALL { WITH c DELETE c } IN TRANSACTIONS OF 10 ROWS",
    "UNWIND range(1, 10) AS i CALL { WITH i CREATE (:Hack {i: i}) } IN TRANSACTIONS",
    "/* harmless */ CREATE (x:Hack)",
    "// comment\nCREATE (x:Hack)",
    "MATCH (n) // SET is in a comment here\nSET n.x = 1",
    "MATCH (n) WITH n /* RETURN */ DELETE n",
    "ＣＲＥＡＴＥ (x:Hack)",
    "MATCH (n) ＳＥＴ n.x = 1",
    "CREATE\u00a0(x:Hack)",
    "CREATE\t(x:Hack)",
    "\ufeffCREATE (x:Hack)",
    "CALL apoc.create.node(['Hack'], {})",
    "CALL apoc.cypher.runWrite('CREATE (:Hack)', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (:Hack) RETURN 1', {})",
    "CALL dbms.security.createUser('hack', 'hackhack', false)",
    "CALL dbms.setConfigValue('db.transaction.timeout', '0')",
    "CALL dbms.killQueries(['query-1'])",
    "CALL db.clearQueryCaches()",
    "CALL db.index.fulltext.drop('knowledge_text')",
    "CALL tx.setMetaData({a: 1})",
    "USE system CREATE DATABASE hack",
    "USE system SHOW USERS",
    "CREATE DATABASE hack",
    "DROP DATABASE neo4j",
    "STOP DATABASE neo4j",
    "START DATABASE neo4j",
    "ALTER USER neo4j SET PASSWORD 'hackhack'",
    "CREATE USER hack SET PASSWORD 'hackhack'",
    "GRANT ROLE admin TO hack",
    "DENY TRAVERSE ON GRAPH * TO PUBLIC",
    "SHOW USERS",
    "SHOW DATABASES",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "EXPLAIN CREATE (x:Hack)",
    "PROFILE MATCH (n) DETACH DELETE n",
    "MATCH (n) WHERE n.id = $id CREATE (x:Hack)",
    "COPY User FROM '/tmp/x.parquet'",
    "INSTALL fts",
    "ATTACH '/tmp/other.lbug' AS other",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "CREATE NODE TABLE Hack(id STRING PRIMARY KEY)",
    "DROP TABLE Issue",
    "ALTER TABLE Issue ADD hack STRING",
    "EXPORT DATABASE '/tmp/hack'",
    "IMPORT DATABASE '/tmp/hack'",
    "MATCH (c:`Case`) SET c.status = 'X'",
    "WITH 1 AS x CREATE (:Hack)",
    "OPTIONAL MATCH (n) MERGE (:Hack)",
    "UNWIND [1] AS x MERGE (:Hack {x: x})",
    "MATCH (a:User), (b:User) CREATE (a)-[:HACK]->(b)",
    "MATCH (n) RETURN n UNION CREATE (x:Hack) RETURN x",
    "",
    "   ",
    "// only a comment",
]
# Parameters cannot carry statements: a parameter is a value, never code.
SMUGGLED = [
    ("MATCH (n) WHERE n.id = $id RETURN n.id", {"id": "x'}) CREATE (h:Hack) //"}),
    ("RETURN $q AS q", {"q": "CREATE (h:Hack)"}),
    ("MATCH (c:Case) WHERE c.status = $s RETURN count(c) AS n", {"s": "Closed' OR 1=1; MATCH (n) DETACH DELETE n //"}),
]


def test_at_least_fifty_attacks():
    assert len(ATTACKS) >= 50


@pytest.mark.parametrize("attack", ATTACKS)
def test_lexical_check_refuses(attack):
    with pytest.raises(CrmarenaError) as e:
        check_read_only(attack)
    assert "\n" not in str(e.value)


TOTALS = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels"


def _assert_all_refused(store):
    before = store.counts()
    totals = store.run(TOTALS)
    digest = content_digest(store)
    succeeded = []
    for attack in ATTACKS:
        try:
            store.run(attack)
            succeeded.append(attack)
        except CrmarenaError as e:
            assert "\n" not in str(e)
    assert succeeded == []
    for q, params in SMUGGLED:
        store.run(q, params)  # runs as a read, the value stays a value
    assert store.counts() == before
    assert store.run(TOTALS) == totals
    assert content_digest(store) == digest


def test_embedded_refuses_every_attack(embedded):
    _assert_all_refused(embedded)


@pytest.mark.neo4j
def test_neo4j_refuses_every_attack(neo4j_store):
    _assert_all_refused(neo4j_store)
    labels = {r["label"] for r in neo4j_store.run("CALL db.labels() YIELD label RETURN label")}
    assert "Hack" not in labels


# The engine's read-only mode is the real guard: writes that skip the lexical check still fail.
ENGINE_WRITES = ["CREATE (x:Issue {id: 'hack'})", "MATCH (n:Issue) SET n.name = 'x'", "MATCH (n:Issue) DETACH DELETE n",
                 "MERGE (x:Issue {id: 'hack'})"]


def test_embedded_engine_guard_without_lexical_check(embedded):
    from crmarena.store.dialect import to_embedded

    before = embedded.counts()
    for q in ENGINE_WRITES:
        with pytest.raises(CrmarenaError, match="read-only"):
            embedded._execute(to_embedded(q), {}, None, 10, 10)
    assert embedded.counts() == before


@pytest.mark.neo4j
def test_neo4j_engine_guard_without_lexical_check(neo4j_store):
    before = neo4j_store.counts()
    for q in ENGINE_WRITES + ["CREATE INDEX hack IF NOT EXISTS FOR (n:Issue) ON (n.hack)"]:
        with pytest.raises(CrmarenaError, match="refused|read"):
            neo4j_store._read(q, {}, 10, 10)
    assert neo4j_store.counts() == before
    assert neo4j_store._read("SHOW INDEXES YIELD name WHERE name = 'hack' RETURN count(*) AS n", {}, 10, 1)[0]["n"] == 0


@pytest.mark.parametrize("read", [
    "MATCH (c:Case) WHERE c.status = 'Closed' RETURN count(c) AS n",
    "MATCH (c:Case) RETURN 'CREATE (x) SET y DELETE z' AS s LIMIT 1",
    "MATCH (c:Case) RETURN c.id AS `delete` LIMIT 1",
    "MATCH (c:Case) // DELETE c\nRETURN count(c) AS n",
    "WITH {set: 1, create: 2} AS m RETURN m.set AS s",
    "CALL db.labels() YIELD label RETURN count(label) AS n",
])
def test_reads_that_mention_write_words_run(read):
    check_read_only(read)


@pytest.mark.parametrize("terminator", list(LINE_TERMINATORS))
def test_a_line_comment_ends_at_every_line_terminator(terminator):
    with pytest.raises(CrmarenaError, match="refused"):
        check_read_only(f"RETURN 1 AS x //z{terminator}SHOW SETTINGS")
    if terminator.isascii():   # a comment alone still reads; a non-ASCII terminator is refused as code
        check_read_only(f"RETURN 1 AS x //z{terminator}")


@pytest.mark.parametrize("text", ["RETURN '\uff07' AS q", "RETURN 1 AS `\u00e9t\u00e9`", "RETURN 1 AS x /* \u2028 */"])
def test_non_ascii_in_strings_comments_and_backticks_is_fine(text):
    check_read_only(text)


@pytest.mark.parametrize("text", ["\uff23\uff32\uff25\uff21\uff34\uff25 (x:Hack)", "RETURN 1 AS x\u00a0LIMIT 1",
                                  "MATCH (\u0441:Case) RETURN count(*) AS n", "RETURN 1 AS x\u2003LIMIT 1"])
def test_non_ascii_code_is_refused_not_folded(text):
    with pytest.raises(CrmarenaError, match=r"^refused: the character U\+[0-9A-F]{4} outside a string"):
        check_read_only(text)


def test_bounds_name_the_limit():
    limits = QueryLimits(max_chars=100, max_depth=4)
    check_bounds("RETURN ((((1)))) AS x", limits)
    check_bounds("RETURN " + "(1) + " * 10 + "1 AS x", limits)   # many brackets, shallow
    with pytest.raises(CrmarenaError, match=r"^refused: the query has 101 characters, more than the limit of 100"):
        check_bounds("x" * 101, limits)
    with pytest.raises(CrmarenaError, match="deeper than the limit of 4 levels"):
        check_bounds("RETURN (((((1))))) AS x", limits)
    with pytest.raises(CrmarenaError, match="deeper than the limit of 4 levels"):   # strings count too
        check_bounds("RETURN '[[[[[' AS x", limits)
