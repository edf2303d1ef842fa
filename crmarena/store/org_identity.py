"""Does a store hold this org folder? A cheap check before answers are computed on a server's graph.

Two orgs of the same size have the same ids (ids are sequential), so ids alone prove nothing. The check
compares every label's node count with its Parquet table's row count, then a sample of rows of every label —
rows spread over its first and last Parquet row groups — with the stored nodes: every property and
every outgoing relationship's target. Orgs from other seeds, configs or ablations differ in these
samples; a graph edited after loading may still pass (the check is a sample, not a checksum: see
:func:`crmarena.store.checksum.content_digest`). Portable Cypher: runs on either backend.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import NodeType
from crmarena.graph_schema.arrow import arrow_schema, table_file
from crmarena.store.base import GraphStore
from crmarena.store.org import OrgFolder
from crmarena.store.values import comparable

ROWS_PER_GROUP = 8   # rows taken, evenly spaced, from the first and from the last row group of a label


def sample_rows(org: OrgFolder, node: NodeType, k: int = ROWS_PER_GROUP) -> pa.Table:
    """Up to ``2k`` rows of the label's table, spread over its first and last row groups."""
    want = arrow_schema(node)
    path = org.path / table_file(node.label)
    f = pq.ParquetFile(path)
    groups = sorted({0, max(0, f.metadata.num_row_groups - 1)}) if f.metadata.num_row_groups else []
    parts = []
    for g in groups:
        try:
            t = f.read_row_group(g, columns=want.names).cast(want)
        except (OSError, pa.ArrowException) as e:
            raise CrmarenaError(f"{path} is a corrupted Parquet file: {str(e).splitlines()[0]}") from None
        step = max(1, t.num_rows // k)
        parts.append(t.take(list(range(0, t.num_rows, step))[:k]))
    return pa.concat_tables(parts) if parts else want.empty_table()


def _stored(store: GraphStore, node: NodeType, ids: list[str]) -> dict[str, dict]:
    props = [p.name for p in node.properties]
    cols = ", ".join(["n.id AS id"] + [f"n.{p} AS {p}" for p in props])
    rows = store.run(f"MATCH (n:`{node.label}`) WHERE n.id IN $ids RETURN {cols}", {"ids": ids})
    return {r["id"]: {p: comparable(r[p]) for p in props} for r in rows}


def _targets(store: GraphStore, label: str, rtype: str, target: str, ids: list[str]) -> dict[str, str]:
    rows = store.run(f"MATCH (n:`{label}`)-[:{rtype}]->(m:`{target}`) WHERE n.id IN $ids "
                     "RETURN n.id AS id, m.id AS to", {"ids": ids})
    return {r["id"]: r["to"] for r in rows}


def org_mismatch(store: GraphStore, org: OrgFolder) -> str | None:
    """``None`` when the store holds ``org`` (as far as the sample tells), else what differs, in words."""
    for node in org.schema.nodes:
        want = pq.ParquetFile(org.path / table_file(node.label)).metadata.num_rows
        have = store.run(f"MATCH (n:`{node.label}`) RETURN count(n) AS n")[0]["n"]
        if have != want:
            return f"{have:,} {node.label} nodes there, {want:,} in the folder"
    for node in org.schema.nodes:
        rows = sample_rows(org, node).to_pylist()
        ids = [r["id"] for r in rows]
        stored = _stored(store, node, ids)
        for r in rows:
            want = {p.name: comparable(r[p.name]) for p in node.properties}
            if stored.get(r["id"]) != want:
                return f"{node.label} {r['id']} holds other values there"
        for rel in org.schema.relationships:
            if rel.source != node.label:
                continue
            got = _targets(store, rel.source, rel.type, rel.target, ids)
            want_to = {r["id"]: r[rel.column] for r in rows if r[rel.column] is not None}
            if got != want_to:
                return f"{node.label} nodes have other {rel.type} relationships there"
    return None
