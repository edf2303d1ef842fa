"""``crmarena load DIR --store neo4j --admin-import``: neo4j-admin import into the local server.

For large orgs. Writes one CSV per label and per relationship (typed headers derived from the
schema) into ``ORG_DIR/neo4j-import/``, stops the local server if it runs, runs
``neo4j-admin database import full <db> --overwrite-destination`` (the database is replaced by the
org), starts the server again, applies the schema's constraints and indexes, and checks the counts.
Works only with the local server managed by ``crmarena neo4j`` (``crmarena.store.server``).
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import NodeType
from crmarena.settings import Neo4jSettings
from crmarena.store.org import OrgFolder

IMPORT_DIR = "neo4j-import"
ADMIN_TYPES = {"STRING": "string", "INTEGER": "long", "FLOAT": "double", "BOOLEAN": "boolean",
               "DATE": "date", "DATETIME": "datetime"}
CHUNK = 50_000


def csv_ready(table: pa.Table) -> pa.Table:
    """The table as neo4j-admin reads it: DATETIMEs as ISO-8601 UTC text (``2024-01-02T03:04:05.000000Z``).

    Arrow's CSV writer does the rest: strings are always quoted (so "" stays an empty string, a null is an
    empty field), quotes doubled, booleans ``true``/``false``, floats in their shortest round-trip form."""
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            utc = table.column(i).cast(pa.timestamp("us", tz="UTC"))
            table = table.set_column(i, field.name, pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ"))
    return table


def node_header(node: NodeType) -> list[str]:
    return [f"id:ID({node.label})"] + [f"{p.name}:{ADMIN_TYPES[p.type]}" for p in node.properties]


def _write_csv(path: Path, header: list[str], table: pa.Table, progress) -> None:
    """One CSV file: the typed header, then the rows written by Arrow's C++ writer (no per-cell Python)."""
    from pyarrow import csv

    with pa.OSFile(str(path), "wb") as f:       # a native file: the writer never takes the GIL
        f.write((",".join(header) + "\n").encode())
        csv.write_csv(csv_ready(table), f, csv.WriteOptions(include_header=False, batch_size=CHUNK))
    progress(table.num_rows)


def write_import_files(org: OrgFolder, dest: Path, progress=lambda n: None) -> list[str]:
    """CSV files and the matching neo4j-admin ``--nodes`` / ``--relationships`` arguments."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    tables = {n.label: org.table(n) for n in org.schema.nodes}
    jobs = []       # (argument, file, header, table maker): a relationship table is made only when written
    for n in org.schema.nodes:
        f = dest / f"{n.label}.csv"
        columns = ["id"] + [p.name for p in n.properties]
        jobs.append((f"--nodes={n.label}={f}", f, node_header(n), partial(tables[n.label].select, columns)))
    for r in org.schema.relationships:
        f = dest / f"{r.source}.{r.type}.{r.target}.csv"
        jobs.append((f"--relationships={r.type}={f}", f, [f":START_ID({r.source})", f":END_ID({r.target})"],
                     partial(org.rel_table, tables[r.source], r)))

    def write(job) -> str:
        argument, path, header, make_table = job
        _write_csv(path, header, make_table(), progress)
        return argument

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:   # Arrow writes without the GIL: one file per core
        return list(pool.map(write, jobs))


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
