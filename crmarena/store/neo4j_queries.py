"""All Cypher the Neo4j store sends, as thin functions of the schema returning text with $params.

Loading sends rows as lists (``row[0]`` is the id, then the properties in schema order); DATETIMEs
travel as integer UTC microseconds and become ``datetime`` on the server, so no time-zone handling
depends on the Python driver.
"""

from __future__ import annotations

from crmarena.graph_schema import NodeType, Relationship

# Wiping runs as many short transactions (a server's transaction timeout and memory cap stay respected).
WIPE_RELS = "MATCH ()-[r]->() WITH r LIMIT $batch DELETE r RETURN count(*) AS n"
WIPE_NODES = "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n"
TOTAL_NODES = "MATCH (n) RETURN count(n) AS n"
TOTAL_RELS = "MATCH ()-[r]->() RETURN count(r) AS n"
SEARCH = ("CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node, score "
          "RETURN node, score ORDER BY score DESC, node.id")
# Index population is polled in short transactions: one long db.awaitIndexes call would outlive the
# server's transaction timeout on a large org (1M cases: over 60 s).
INDEXES_NOT_ONLINE = ("SHOW INDEXES YIELD name, state, populationPercent WHERE state <> 'ONLINE' "
                      "RETURN name, state, populationPercent ORDER BY name")


def _value(node: NodeType, pos: int) -> str:
    p = node.properties[pos]
    ref = f"row[{pos + 1}]"
    if p.type == "DATETIME":
        return (f"CASE WHEN {ref} IS NULL THEN null ELSE datetime({{epochSeconds: {ref} / 1000000, "
                f"nanosecond: {ref} % 1000000 * 1000}}) END")
    return ref


def merge_nodes(node: NodeType) -> str:
    """Idempotent upsert of a batch ``$rows`` of one label: every property is set (null removes it)."""
    sets = ", ".join(f"n.{p.name} = {_value(node, i)}" for i, p in enumerate(node.properties))
    return (f"UNWIND $rows AS row MERGE (n:`{node.label}` {{id: row[0]}})"
            + (f" SET {sets}" if sets else ""))


def create_nodes(node: NodeType) -> str:
    """Plain CREATE of a batch, used only while the label has no node yet (faster than MERGE)."""
    sets = ", ".join(f"{p.name}: {_value(node, i)}" for i, p in enumerate(node.properties))
    return f"UNWIND $rows AS row CREATE (n:`{node.label}` {{id: row[0]{', ' + sets if sets else ''}}})"


def create_relationships(source: str, rels: list[Relationship]) -> str:
    """Plain CREATE of every relationship out of a batch of ``source`` nodes, used only while none of
    them exists yet. ``$rows`` are ``[id, target id of rels[0], ...]``, null where a node has none."""
    return _relationships_from(source, rels, "CREATE")


def merge_relationships(source: str, rels: list[Relationship]) -> str:
    """Idempotent form of :func:`create_relationships`."""
    return _relationships_from(source, rels, "MERGE")


def _relationships_from(source: str, rels: list[Relationship], verb: str) -> str:
    # One seek of the source per row for all its relationships (1.4x the rows/s of a statement per
    # type); a null id matches no target and its FOREACH writes nothing.
    parts = [f"UNWIND $rows AS row MATCH (a:`{source}` {{id: row[0]}})"]
    for i, rel in enumerate(rels):
        if i:
            parts.append("WITH a, row")
        parts.append(f"OPTIONAL MATCH (b{i}:`{rel.target}` {{id: row[{i + 1}]}}) "
                     f"FOREACH (_ IN CASE WHEN b{i} IS NULL THEN [] ELSE [1] END | {verb} (a)-[:`{rel.type}`]->(b{i}))")
    return " ".join(parts)


def count_from(rel: Relationship) -> str:
    return f"MATCH (:`{rel.source}`)-[r:`{rel.type}`]->() RETURN count(r) AS n"


def sample_nodes(label: str) -> str:
    """The stored properties of the nodes with the given ids (to tell a partial load from another org)."""
    return f"UNWIND $ids AS id MATCH (n:`{label}` {{id: id}}) RETURN n.id AS id, properties(n) AS p"


def drop_index(name: str) -> str:
    return f"DROP INDEX `{name}` IF EXISTS"


def count_label(label: str) -> str:
    return f"MATCH (n:`{label}`) RETURN count(n) AS n"


def count_type(rtype: str) -> str:
    return f"MATCH ()-[r:`{rtype}`]->() RETURN count(r) AS n"
