"""The plan allow-lists: Neo4j plan trees and the embedded engine's EXPLAIN text, read operator by
operator (the engines' real plans are exercised in tests/security and test_readonly)."""

import pytest

from crmarena.store.plans import embedded_plan_refusal, neo4j_plan_refusal


def _op(name, *children, details=""):
    return {"operatorType": name, "args": {"Details": details}, "children": list(children)}


def test_neo4j_read_plan_passes():
    plan = _op("ProduceResults@neo4j", _op("Projection@neo4j", _op(
        "ProcedureCall@neo4j", details="db.index.fulltext.queryNodes($a, $b) :: (node :: NODE)")))
    assert neo4j_plan_refusal(plan, "r", "neo4j") is None


@pytest.mark.parametrize("plan, query_type, why", [
    (_op("ProduceResults@neo4j", _op("LoadCSV@neo4j")), "r", "LoadCSV"),
    (_op("ProduceResults@neo4j", _op("ShowSettings@neo4j")), "r", "ShowSettings"),
    (_op("ProduceResults@neo4j", _op("TerminateTransactions@neo4j")), "r", "TerminateTransactions"),
    (_op("ProduceResults@neo4j", _op("ProcedureCall@neo4j", details="dbms.listConfig() :: (name :: STRING)")),
     "r", "dbms.listconfig"),
    (_op("AdministrationCommand@system"), "s", "not read-only"),
    (_op("ProduceResults@system", _op("AllNodesScan@system")), "r", "'system'"),
    (_op("ProduceResults@neo4j", _op("Create@neo4j")), "w", "not read-only"),
    (_op("ProduceResults@neo4j", _op("SomeFutureOperator@neo4j")), "r", "SomeFutureOperator"),
    (None, "r", "no plan"),
])
def test_neo4j_refusals(plan, query_type, why):
    refusal = neo4j_plan_refusal(plan, query_type, "neo4j")
    assert refusal and why in refusal


def _box(*cells):
    """One line of the embedded engine's box drawing with these cells side by side."""
    return "".join(f"│  {c}  │" for c in cells)


READ = "\n".join([_box("RESULT_COLLECTOR[2]"), _box("PROJECTION[1]"), _box("TABLE_FUNCTION_CALL[0]"),
                  _box("Function: READ_FTABLE")])


def test_embedded_read_plan_passes():
    assert embedded_plan_refusal(READ) is None
    assert embedded_plan_refusal(_box("HASH_JOIN_BUILD[3]", "SCAN_NODE_TABLE[4]") + "\n" + READ) is None


@pytest.mark.parametrize("text, why", [
    (READ.replace("READ_FTABLE", "READ_CSV_PARALLEL"), "READ_CSV_PARALLEL"),
    (_box("RESULT_COLLECTOR[1]", "INSTALL_EXTENSION[0]"), "INSTALL_EXTENSION"),
    (_box("STANDALONE_CALL[0]") + "\n" + _box("Function: threads"), "STANDALONE_CALL"),
    (READ + "\n" + _box("Function: READ_FTABLE"), "unambiguously"),   # a spoofed line in an alias
    (READ.replace(_box("Function: READ_FTABLE"), ""), "unambiguously"),  # a call whose function is unread
    ("no boxes at all", "no plan"),
])
def test_embedded_refusals(text, why):
    refusal = embedded_plan_refusal(text)
    assert refusal and why in refusal
