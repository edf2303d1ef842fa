"""The store gold answers are computed on, for an org folder.

Embedded: the org's own database, built first if the folder has none (or its tables are newer).
Neo4j: the server must hold this org (``crmarena load ORG --store neo4j``); checked by comparing node
counts and sampled nodes with the folder (:mod:`crmarena.store.org_identity`), so gold answers never
come from another org.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from crmarena.errors import CrmarenaError
from crmarena.store import GraphStore, load_org, open_store
from crmarena.store.org import DB_FILE, open_org
from crmarena.store.org_identity import org_mismatch


def _stale(org_path: Path) -> bool:
    db = org_path / DB_FILE
    if not db.exists():
        return True
    newest = max((f.stat().st_mtime for f in org_path.glob("*.parquet")), default=0.0)
    return db.stat().st_mtime < newest


def _check_neo4j_org(store: GraphStore, org_path: Path) -> None:
    differs = org_mismatch(store, open_org(org_path))
    if differs:
        raise CrmarenaError(f"Neo4j does not hold the org {org_path} ({differs}): load it with "
                            f"'crmarena load {org_path} --store neo4j'")


@contextmanager
def open_task_store(org_dir: str | Path, backend: str, *, quiet: bool = True,
                    remember: bool = True) -> Iterator[GraphStore]:
    org = open_org(org_dir)
    if backend == "embedded" and _stale(org.path):
        load_org(org.path, "embedded", quiet=quiet, remember=remember)
    store = open_store(backend, org_dir=org.path) if backend == "embedded" else open_store(backend)
    try:
        if backend == "neo4j":
            _check_neo4j_org(store, org.path)
        yield store
    finally:
        store.close()
