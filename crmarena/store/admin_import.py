"""``crmarena load DIR --store neo4j --admin-import``: neo4j-admin import into the local server.

For large orgs. Writes the org as CSV files (``admin_files``: typed headers derived from the schema,
integer node ids) into ``ORG_DIR/neo4j-import/``, stops the local server if it runs, runs
``neo4j-admin database import full <db> --overwrite-destination`` (the database is replaced by the
org), starts the server again, applies the schema's constraints and indexes, and checks the counts.
Works only with the local server managed by ``crmarena neo4j`` (``crmarena.store.server``).
"""

from __future__ import annotations

import shutil
import time
from urllib.parse import urlsplit

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store.admin_files import ID_TYPE, write_import_files
from crmarena.store.org import OrgFolder

IMPORT_DIR = "neo4j-import"
# neo4j-admin's heap for the import (its caches are off-heap). At 1M cases it asks for just over 1 GiB.
IMPORT_HEAP = "2g"


def admin_import_org(org: OrgFolder, settings: Neo4jSettings, progress=lambda n: None,
                     fingerprint: str | None = None, server_config=None):
    """Import ``org`` with neo4j-admin; return node counts, relationship counts and notes for the user.

    ``server_config`` is the local server's :class:`~crmarena.store.server.ServerConfig` (default: the one
    ``crmarena neo4j`` manages; a benchmark passes its private server's). The notes say where the time went."""
    try:
        from crmarena.store import server
    except ImportError:
        raise CrmarenaError("--admin-import needs the local server module crmarena.store.server") from None
    host = urlsplit(settings.uri).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise CrmarenaError(f"--admin-import works only with the local server, not {settings.uri}")
    cfg = server_config or server.load_config()
    notes, clock = [], _Phases()
    dest = org.path / IMPORT_DIR
    try:
        nodes, rels = _import(org, settings, cfg, dest, progress, fingerprint, notes, clock)
    finally:
        shutil.rmtree(dest, ignore_errors=True)     # never left half-written, nor kept once imported
    notes.append(clock.summary())
    return nodes, rels, notes


def _import(org, settings, cfg, dest, progress, fingerprint, notes, clock):
    from crmarena.store import server

    files = write_import_files(org, dest, progress)
    clock.done("CSV files")
    if server.is_running(cfg):
        server.stop(cfg)
        notes.append("stopped the local Neo4j server for the import")
    server.admin(["database", "import", "full", settings.database, "--overwrite-destination=true",
                  *files.multiline_arguments, "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
                  f"--id-type={ID_TYPE}", *files.arguments], cfg=cfg, heap=IMPORT_HEAP, check=True, timeout=24 * 3600)
    clock.done("neo4j-admin import")
    server.start(cfg, user=settings.user)
    clock.done("restart")
    notes.append(f"imported with neo4j-admin into database {settings.database} (its previous graph was replaced) "
                 "and started the server")
    from crmarena.store.neo4j_load import Neo4jLoader

    nodes, rels = files.nodes, files.relationships
    loader = Neo4jLoader(settings)
    try:
        loader.apply_ddl()
        loader.await_indexes()
        if not loader.exact(org, nodes, rels):
            raise CrmarenaError(f"neo4j-admin import left other counts than the org's in {settings.database}")
        clock.done("indexes and counts")
        if fingerprint:
            loader.record_fingerprint(fingerprint)
    finally:
        loader.close()
    return nodes, rels


class _Phases:
    """Seconds per phase of the import, for the user's notes."""

    def __init__(self) -> None:
        self.last, self.parts = time.perf_counter(), []

    def done(self, phase: str) -> None:
        now = time.perf_counter()
        self.parts.append(f"{phase} {now - self.last:.1f} s")
        self.last = now

    def summary(self) -> str:
        return "time: " + ", ".join(self.parts)
