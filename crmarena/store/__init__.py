"""crmarena.store: the org as a graph — an embedded database (default) or a real Neo4j 5 server.

``load_org`` loads an org folder, ``open_store`` gives a read-only ``GraphStore`` (``run`` Cypher,
``search`` full text, ``counts``). Queries are Neo4j Cypher; ``dialect`` re-spells them for the
embedded engine. See README.md beside this file.
"""

from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, GraphStore, SearchHit
from crmarena.store.load import BACKENDS, LoadReport, load_org, open_store

__all__ = ["BACKENDS", "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "GraphStore", "LoadReport", "SearchHit",
           "load_org", "open_store"]
