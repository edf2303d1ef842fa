"""The real Neo4j server holding one org, for the Neo4j tests' fixtures."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def neo4j_store_holding(org_dir: Path, settings) -> Iterator:
    """A store on the configured Neo4j server with ``org_dir`` loaded into it first (replacing the org
    it held: the tests share one server, so a fixture loads its org before it reads)."""
    from crmarena.store import load_org, open_store

    load_org(org_dir, "neo4j", settings=settings, quiet=True)
    with open_store("neo4j", settings=settings) as store:
        yield store
