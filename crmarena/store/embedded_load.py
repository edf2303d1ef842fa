"""Build the embedded graph of an org: typed schema, COPY FROM Parquet, BM25 indexes beside it.

The database is built in a temporary folder inside the org and moved into place only when complete,
so a failed or interrupted load leaves the previous database (or none) intact.

Schema mapping: one NODE table per label (``id`` the primary key); one REL table per relationship
type, with every (source, target) label pair that type connects — ``OWNED_BY`` is
``FROM Contact TO User, FROM Case TO User, FROM LiveChatTranscript TO User`` — so Neo4j patterns
such as ``(c:Case)-[:OWNED_BY]->(u:User)`` read the same on both backends.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import GraphSchema
from crmarena.store import fulltext, org_meta
from crmarena.store.org import DB_FILE, SEARCH_DIR, OrgFolder

KUZU_TYPES = {"STRING": "STRING", "INTEGER": "INT64", "FLOAT": "DOUBLE", "BOOLEAN": "BOOLEAN",
              "DATE": "DATE", "DATETIME": "TIMESTAMP"}


def q(name: str) -> str:
    return f"`{name}`"


def schema_statements(schema: GraphSchema) -> list[str]:
    """CREATE NODE TABLE / CREATE REL TABLE statements for the graph schema."""
    stmts = []
    for n in schema.nodes:
        cols = ", ".join(["id STRING PRIMARY KEY"] + [f"{p.name} {KUZU_TYPES[p.type]}" for p in n.properties])
        stmts.append(f"CREATE NODE TABLE {q(n.label)}({cols})")
    for rtype in schema.relationship_types:
        pairs = dict.fromkeys((r.source, r.target) for r in schema.relationships if r.type == rtype)
        stmts.append(f"CREATE REL TABLE {q(rtype)}(" + ", ".join(f"FROM {q(s)} TO {q(t)}" for s, t in pairs) + ")")
    return stmts


def build(org: OrgFolder, progress=None, fingerprint: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(Re)build ``org``'s embedded database and search indexes; return node and relationship counts.
    ``fingerprint`` (the org's) is stored with the graph as its last write (:mod:`store.org_meta`)."""
    import ladybug

    schema = org.schema
    tmp = Path(tempfile.mkdtemp(prefix=".graph-build-", dir=org.path))
    try:
        tables = {n.label: org.table(n) for n in schema.nodes}
        db = ladybug.Database(str(tmp / DB_FILE))
        conn = ladybug.Connection(db)
        nodes: dict[str, int] = {}
        rels: dict[str, int] = {}
        try:
            for stmt in schema_statements(schema):
                conn.execute(stmt)
            for n in schema.nodes:
                t = tables[n.label]
                nodes[n.label] = t.num_rows
                if t.num_rows:
                    f = tmp / f"{n.label}.nodes.parquet"
                    pq.write_table(t.select(["id"] + [p.name for p in n.properties]), f)
                    conn.execute(f"COPY {q(n.label)} FROM '{f}'")
                if progress:
                    progress(t.num_rows)
            for r in schema.relationships:
                rt = org.rel_table(tables[r.source], r)
                rels[r.type] = rels.get(r.type, 0) + rt.num_rows
                if rt.num_rows:
                    f = tmp / f"{r.source}.{r.type}.rels.parquet"
                    pq.write_table(rt, f)
                    conn.execute(f"COPY {q(r.type)} FROM '{f}' (from='{r.source}', to='{r.target}')")
                if progress:
                    progress(rt.num_rows)
            if fingerprint:
                conn.execute(org_meta.EMBEDDED_TABLE)
                conn.execute(org_meta.EMBEDDED_WRITE, {"fingerprint": fingerprint})
        except RuntimeError as e:
            raise CrmarenaError(f"embedded load of {org.path} failed: {str(e).splitlines()[0]}") from None
        finally:
            conn.close()
            db.close()
        fulltext.build(schema, tables, tmp / SEARCH_DIR)
        _replace(tmp, org.path)
        return nodes, rels
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replace(tmp: Path, dest: Path) -> None:
    """Move the finished database and indexes over the old ones (each a rename)."""
    for name in (DB_FILE + ".wal", DB_FILE + ".shadow"):
        (dest / name).unlink(missing_ok=True)
    (tmp / DB_FILE).replace(dest / DB_FILE)
    old = dest / SEARCH_DIR
    if old.exists():
        trash = tmp / "old-search"
        old.replace(trash)
    (tmp / SEARCH_DIR).replace(old)
