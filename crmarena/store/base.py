"""The one small interface every graph store implements (embedded and Neo4j).

Queries are Neo4j Cypher; a backend that spells something differently translates it at one
documented point (``crmarena.store.dialect``). Results come back as plain Python values:
str, int, float, bool, None, ``datetime.date`` and timezone-aware UTC ``datetime.datetime``,
lists and dicts of those — identical across backends for the same org.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on one untrusted statement and on the process that runs it (settings, passed in).

    ``max_chars`` and ``max_depth`` are checked before either engine sees the text: Neo4j's parser
    takes minutes on a few hundred nested parentheses and seconds per thousand ``+`` terms, and the
    embedded engine crashes on deep nesting. The worker's memory cap is address space on top of what
    the opened database already maps; its buffer pool (page cache and query memory) is separate.
    A Neo4j call that has not answered ``client_grace_s`` after its own timeout is abandoned.
    """

    max_chars: int = 8_000
    max_depth: int = 32
    worker_memory_mb: int = 2_048
    worker_buffer_pool_mb: int = 1_024
    client_grace_s: float = 5.0


@dataclass(frozen=True)
class SearchHit:
    """One full-text hit: the node's id, its score (higher is better) and its properties."""

    id: str
    score: float
    properties: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    backend: str

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        """Run one read-only Cypher statement (Neo4j Cypher, portable subset); writes raise CrmarenaError
        and change nothing; more than ``max_rows`` rows or ``timeout`` seconds is a CrmarenaError too."""

    def search(self, index: str, text: str, limit: int = 10) -> list[SearchHit]:
        """Ranked full-text search over a schema full-text index (``knowledge_text``, ``product_text``)."""

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per schema label and relationships per schema type."""

    def org_fingerprint(self) -> str | None:
        """The fingerprint of the org loaded into the store (None: none recorded, e.g. a partial load)."""

    def close(self) -> None: ...

    def __enter__(self) -> "GraphStore": ...

    def __exit__(self, *exc) -> None: ...


def store_description(store: Any) -> str:
    """Which org a store reads, in words: its folder (embedded) or its server (Neo4j)."""
    folder = getattr(store, "org_dir", None)
    if folder:
        return f"the org at {folder}"
    settings = getattr(store, "settings", None)
    return f"the {store.backend} store" + (f" at {settings.uri}" if settings is not None else "")
