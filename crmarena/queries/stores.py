"""The store gold answers are computed on, for an org folder, bound to it by the org fingerprint.

Embedded: the org's own database, (re)built when the folder has none or the database holds another
org's fingerprint (tables newer than the database are first checked against the manifest). Neo4j: the server must hold this org (``crmarena load ORG --store neo4j``); its
stored fingerprint must be the folder's, so gold answers never come from another org.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from crmarena.files import parquet_parts
from crmarena.fingerprint import check_same_org, org_fingerprint
from crmarena.store import GraphStore, load_org, open_store
from crmarena.store.org import DB_FILE, open_org


def _tables_newer(org_path: Path) -> bool:
    """A table written after the embedded database: the folder is checked against its manifest."""
    db = org_path / DB_FILE
    newest = max((f.stat().st_mtime for t in org_path.glob("*.parquet") for f in parquet_parts(t)), default=0.0)
    return not db.exists() or db.stat().st_mtime < newest


def _stored_fingerprint(org_path: Path) -> str | None:
    if not (org_path / DB_FILE).exists():
        return None
    store = open_store("embedded", org_dir=org_path)
    try:
        return store.org_fingerprint()
    finally:
        store.close()


@contextmanager
def open_task_store(org_dir: str | Path, backend: str, *, quiet: bool = True,
                    remember: bool = True) -> Iterator[GraphStore]:
    """A read-only store holding the org at ``org_dir`` (its ``fingerprint`` attribute set)."""
    org = open_org(org_dir)
    fingerprint = org_fingerprint(org.path, verify=_tables_newer(org.path))
    if backend == "embedded" and _stored_fingerprint(org.path) != fingerprint:
        load_org(org.path, "embedded", quiet=quiet, remember=remember)
    store = open_store(backend, org_dir=org.path) if backend == "embedded" else open_store(backend)
    try:
        if backend == "neo4j":
            check_same_org(fingerprint, store.org_fingerprint(), want_from=f"the org folder {org.path}",
                           have_from="the Neo4j server",
                           hint=f"load it with 'crmarena load {org.path} --store neo4j'")
        yield store
    finally:
        store.close()
