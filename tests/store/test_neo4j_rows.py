"""The rows the Bolt loader sends for relationships (no server needed: the statements themselves run
against the real server in test_neo4j_load.py)."""

import pyarrow as pa

from crmarena.graph_schema.model import load_schema
from crmarena.store import neo4j_queries as Q
from crmarena.store.neo4j_load import _rows, _targets, rel_rows, rels_by_source


def test_every_relationship_is_written_from_its_source_once():
    schema = load_schema()
    grouped = rels_by_source(schema)
    assert sorted(r.type + r.source for rels in grouped.values() for r in rels) == \
        sorted(r.type + r.source for r in schema.relationships)
    assert all(r.source == src for src, rels in grouped.items() for r in rels)


def test_rel_rows_keep_nodes_with_any_target_in_relationship_order():
    case = load_schema().node("Case")
    rels = rels_by_source(load_schema())["Case"][:2]
    a, b = rels[0].column, rels[1].column
    table = pa.table({"id": ["c1", "c2", "c3", "c4"], a: ["x", None, None, "y"], b: [None, "p", None, "q"],
                      "other": [1, 2, 3, 4]})
    out = rel_rows(table, rels)
    assert out.column("id").to_pylist() == ["c1", "c2", "c4"]          # c3 has no target: not sent
    batches = list(_rows(out, 2, _targets))
    assert [rows for rows, _ in batches] == [[["c1", "x", None], ["c2", None, "p"]], [["c4", "y", "q"]]]
    assert [n for _, n in batches] == [2, 2]                          # progress counts relationships
    text = Q.create_relationships(case.label, rels)
    assert text.count("OPTIONAL MATCH") == 2 and text.count("CREATE (a)-") == 2
    assert "MERGE (a)-" in Q.merge_relationships(case.label, rels)
