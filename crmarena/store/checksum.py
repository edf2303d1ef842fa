"""A content checksum of the graph in a store, computed with portable Cypher on either backend.

Every node of every label (id and all schema properties) and every relationship of every schema
(source, type, target) triple is read in id order, normalised, and hashed. Two stores holding the
identical graph give the same digest, whichever backend they are.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from crmarena.graph_schema import GraphSchema, load_schema
from crmarena.store.base import GraphStore

MAX_ROWS = 50_000_000


def _default(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def node_query(label: str, properties: list[str]) -> str:
    cols = ", ".join(["n.id AS id"] + [f"n.{p} AS {p}" for p in properties])
    return f"MATCH (n:{label}) RETURN {cols} ORDER BY id"


def relationship_query(source: str, rtype: str, target: str) -> str:
    return f"MATCH (a:{source})-[:{rtype}]->(b:{target}) RETURN a.id AS src, b.id AS dst ORDER BY src, dst"


def content_digest(store: GraphStore, schema: GraphSchema | None = None, timeout: float = 600) -> str:
    """SHA-256 over the store's nodes and relationships of the schema."""
    schema = schema or load_schema()
    h = hashlib.sha256()
    for n in schema.nodes:
        rows = store.run(node_query(n.label, [p.name for p in n.properties]), timeout=timeout, max_rows=MAX_ROWS)
        h.update(n.label.encode())
        for r in rows:
            h.update(json.dumps(r, default=_default, sort_keys=True).encode())
    for r in schema.relationships:
        rows = store.run(relationship_query(r.source, r.type, r.target), timeout=timeout, max_rows=MAX_ROWS)
        h.update(f"{r.source}-{r.type}->{r.target}".encode())
        for row in rows:
            h.update(f"{row['src']}>{row['dst']};".encode())
    return h.hexdigest()
