"""Parquet/Arrow column types of each object's table, derived from the schema.

A table holds ``id``, the node's properties, then one foreign-key column per relationship
(``None`` where the reference is empty). Datetimes are UTC microseconds, dates are days.
"""

from __future__ import annotations

import pyarrow as pa

from crmarena.graph_schema.model import GraphSchema, NodeType, load_schema

ARROW_TYPES = {
    "STRING": pa.string(),
    "INTEGER": pa.int64(),
    "FLOAT": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "DATETIME": pa.timestamp("us", tz="UTC"),
}


def arrow_schema(node: NodeType, kind: str | None = None) -> pa.Schema:
    """The table's columns: for one org ``kind`` (its Parquet file) or, with ``None``, every kind's
    (what the stores load: a column another kind lacks is null there)."""
    fields = [pa.field("id", pa.string(), nullable=False)]
    fields += [pa.field(p.name, ARROW_TYPES[p.type]) for p in node.properties_of(kind)]
    fields += [pa.field(r.column, pa.string()) for r in node.relationships]
    return pa.schema(fields, metadata={"label": node.label, "salesforce": node.sf})


def arrow_schemas(schema: GraphSchema | None = None, kind: str | None = None) -> dict[str, pa.Schema]:
    """Label -> Arrow schema of its Parquet table (``<Label>.parquet``)."""
    schema = schema or load_schema()
    return {n.label: arrow_schema(n, kind) for n in schema.nodes}


def table_file(label: str) -> str:
    return f"{label}.parquet"
