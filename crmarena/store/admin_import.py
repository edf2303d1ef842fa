"""``crmarena load DIR --store neo4j --admin-import``: neo4j-admin import into the local server.

For large orgs. Writes one CSV per label and per relationship (typed headers derived from the
schema) into ``ORG_DIR/neo4j-import/``, stops the local server if it runs, runs
``neo4j-admin database import full <db> --overwrite-destination`` (the database is replaced by the
org), starts the server again, applies the schema's constraints and indexes, and checks the counts.
Works only with the local server managed by ``crmarena neo4j`` (``crmarena.store.server``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import NodeType
from crmarena.settings import Neo4jSettings
from crmarena.store.org import OrgFolder

IMPORT_DIR = "neo4j-import"
ADMIN_TYPES = {"STRING": "string", "INTEGER": "long", "FLOAT": "double", "BOOLEAN": "boolean",
               "DATE": "date", "DATETIME": "datetime"}
CHUNK = 50_000


def _cell(v) -> str:
    """One CSV field: null is an empty field, a string is always quoted (so "" stays an empty string)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    if hasattr(v, "isoformat"):
        return v.isoformat().replace("+00:00", "Z")
    return repr(v) if isinstance(v, float) else str(v)


def node_header(node: NodeType) -> list[str]:
    return [f"id:ID({node.label})"] + [f"{p.name}:{ADMIN_TYPES[p.type]}" for p in node.properties]


def _write_csv(path: Path, header: list[str], table: pa.Table, progress) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(",".join(header) + "\n")
        for start in range(0, table.num_rows, CHUNK):
            cols = [c.to_pylist() for c in table.slice(start, CHUNK).columns]
            f.writelines(",".join(_cell(v) for v in r) + "\n" for r in zip(*cols))
            progress(len(cols[0]) if cols else 0)


def write_import_files(org: OrgFolder, dest: Path, progress=lambda n: None) -> list[str]:
    """CSV files and the matching neo4j-admin ``--nodes`` / ``--relationships`` arguments."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    args = []
    tables = {n.label: org.table(n) for n in org.schema.nodes}
    for n in org.schema.nodes:
        f = dest / f"{n.label}.csv"
        _write_csv(f, node_header(n), tables[n.label].select(["id"] + [p.name for p in n.properties]), progress)
        args.append(f"--nodes={n.label}={f}")
    for r in org.schema.relationships:
        f = dest / f"{r.source}.{r.type}.{r.target}.csv"
        _write_csv(f, [f":START_ID({r.source})", f":END_ID({r.target})"], org.rel_table(tables[r.source], r), progress)
        args.append(f"--relationships={r.type}={f}")
    return args


def admin_import_org(org: OrgFolder, settings: Neo4jSettings, progress=lambda n: None,
                     fingerprint: str | None = None):
    """Import ``org`` with neo4j-admin; return node counts, relationship counts and notes for the user."""
    try:
        from crmarena.store import server
    except ImportError:
        raise CrmarenaError("--admin-import needs the local server module crmarena.store.server") from None
    host = urlsplit(settings.uri).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise CrmarenaError(f"--admin-import works only with the local server, not {settings.uri}")
    notes = []
    args = write_import_files(org, org.path / IMPORT_DIR, progress)
    if server.is_running():
        server.stop()
        notes.append("stopped the local Neo4j server for the import")
    server.admin(["database", "import", "full", settings.database, "--overwrite-destination=true",
                  "--multiline-fields=true", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
                  *args], check=True, timeout=24 * 3600)
    server.start()
    notes.append(f"imported with neo4j-admin into database {settings.database} (its previous graph was replaced) "
                 "and started the server")
    from crmarena.store.neo4j_load import Neo4jLoader, expected_counts

    nodes, rels = expected_counts(org, {n.label: org.table(n) for n in org.schema.nodes})
    loader = Neo4jLoader(settings)
    try:
        loader.apply_ddl()
        loader.await_indexes()
        if not loader.exact(org, nodes, rels):
            raise CrmarenaError(f"neo4j-admin import left other counts than the org's in {settings.database}")
        if fingerprint:
            loader.record_fingerprint(fingerprint)
    finally:
        loader.close()
    shutil.rmtree(org.path / IMPORT_DIR, ignore_errors=True)
    return nodes, rels, notes
