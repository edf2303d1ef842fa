"""``load_org`` and ``open_store``: the store's public entry points.

``load_org(org_dir, backend=...)`` puts an org folder (``<Label>.parquet`` per label) into a store:
- ``embedded``: builds ``ORG_DIR/graph.lbug`` (COPY FROM Parquet) and ``ORG_DIR/graph.search/`` (BM25);
- ``neo4j``: DDL, then idempotent batched MERGE over Bolt (one org per database: a different org is
  replaced), or with ``admin_import=True`` neo4j-admin import into the stopped local server.
Either way the org becomes the default for ``crmarena query`` (``~/.local/share/crmarena/last_org``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store.base import GraphStore
from crmarena.fingerprint import org_fingerprint
from crmarena.store.org import default_org, open_org, remember_fingerprint, remember_org

BACKENDS = ("embedded", "neo4j")


@dataclass(frozen=True)
class LoadReport:
    backend: str
    org_dir: Path
    target: str                       # database file, or URI and database name
    nodes: dict[str, int]
    relationships: dict[str, int]
    seconds: float
    replaced: bool = False            # Neo4j held another graph, which was replaced
    method: str = "copy"              # copy (embedded), merge (Bolt) or admin-import
    notes: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")

    def summary(self) -> str:
        what = f"{sum(self.nodes.values()):,} nodes and {sum(self.relationships.values()):,} relationships"
        extra = " (replaced the graph that was there)" if self.replaced else ""
        return (f"loaded {what} into {self.backend} {self.target} in {self.seconds:.1f} s "
                f"({self.rows_per_second:,.0f} rows/s, {self.method}){extra}")


def _expected_rows(org) -> int:
    import pyarrow.parquet as pq

    from crmarena.files import parquet_parts
    from crmarena.graph_schema.arrow import table_file

    total = 0
    for n in org.schema.nodes:
        try:
            rows = sum(pq.read_metadata(f).num_rows for f in parquet_parts(org.path / table_file(n.label)))
        except (OSError, ValueError) as e:
            raise CrmarenaError(f"cannot read {org.path / table_file(n.label)}: {e}") from None
        total += rows * (1 + len(n.relationships))  # an upper bound for the bar
    return total


def _progress(quiet: bool, total: int, what: str):
    """A rich progress bar on stderr (none when quiet); returns (advance callback, stop)."""
    if quiet:
        return (lambda n: None), (lambda: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # the caller decides quietness (``quiet``); the store does not import the CLI's console
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task(what, total=total)
    bar.start()
    return (lambda n: bar.advance(task, n)), bar.stop


def load_org(org_dir: str | os.PathLike, backend: str = "embedded", *, settings: Neo4jSettings | None = None,
             quiet: bool = False, admin_import: bool = False, remember: bool = True,
             server_config=None) -> LoadReport:
    """Load the org folder into ``backend``; idempotent; returns counts, time and rate. ``remember``
    makes it the user's last org (the default of ``open_store``); benchmarks on throwaway orgs pass False.
    ``server_config`` (admin import only) is the local server to import into: default ``crmarena neo4j``'s."""
    if backend not in BACKENDS:
        raise CrmarenaError(f"unknown store {backend!r} (choose {' or '.join(BACKENDS)})")
    if admin_import and backend != "neo4j":
        raise CrmarenaError("--admin-import is for --store neo4j only")
    org = open_org(org_dir)
    fingerprint = org_fingerprint(org.path, verify=True)    # the tables must still be the simulated org
    advance, stop = _progress(quiet, _expected_rows(org), f"loading {org.path.name} into {backend}")
    t0 = time.perf_counter()
    try:
        if backend == "embedded":
            from crmarena.store.embedded_load import build

            nodes, rels = build(org, advance, fingerprint)
            report = LoadReport(backend, org.path, str(org.db_path), nodes, rels, time.perf_counter() - t0)
        elif admin_import:
            from crmarena.store.admin_import import admin_import_org

            settings = settings or Neo4jSettings.from_env()
            nodes, rels, notes = admin_import_org(org, settings, advance, fingerprint, server_config)
            report = LoadReport(backend, org.path, f"{settings.uri} database {settings.database}", nodes, rels,
                                time.perf_counter() - t0, True, "admin-import", tuple(notes))
        else:
            from crmarena.store.neo4j_load import Neo4jLoader

            settings = settings or Neo4jSettings.from_env()
            loader = Neo4jLoader(settings, advance)
            try:
                nodes, rels, replaced = loader.load(org, fingerprint)
            finally:
                loader.close()
            report = LoadReport(backend, org.path, f"{settings.uri} database {settings.database}", nodes, rels,
                                time.perf_counter() - t0, replaced, "merge")
    finally:
        stop()
    if remember:
        remember_org(org.path)
        remember_fingerprint(fingerprint, org.path)
    return report


def open_store(backend: str = "embedded", *, org_dir: str | os.PathLike | None = None,
               settings: Neo4jSettings | None = None, isolated: bool = False) -> GraphStore:
    """A read-only store. Embedded: ``org_dir``, else $CRMARENA_ORG, else the last org loaded.

    ``isolated=True`` (embedded only) runs the engine in a child process, so that a query that
    crashes or hangs it raises a CrmarenaError instead of killing the caller: use it for untrusted
    Cypher (agents). Neo4j is another process already and ignores it.
    """
    if backend == "embedded":
        path = Path(org_dir) if org_dir else default_org()
        if isolated:
            from crmarena.store.embedded_worker import IsolatedEmbeddedStore

            return IsolatedEmbeddedStore(path)
        from crmarena.store.embedded import EmbeddedStore

        return EmbeddedStore(path)
    if backend == "neo4j":
        from crmarena.store.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    raise CrmarenaError(f"unknown store {backend!r} (choose {' or '.join(BACKENDS)})")

