"""The embedded store: the org's ladybug (Kuzu-family) database, opened read-only, in process.

Queries are Neo4j Cypher, re-spelled by ``dialect.to_embedded``; results are normalised by
``values.from_embedded`` and keyed by the column names Neo4j would give them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from crmarena.errors import CrmarenaError
from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, SearchHit
from crmarena.store.cypher_text import return_columns
from crmarena.store.dialect import embedded_params, to_embedded
from crmarena.store.fulltext import Bm25Indexes
from crmarena.store.org import DB_FILE, SEARCH_DIR
from crmarena.store.portable import check_query
from crmarena.store.readonly import check_read_only
from crmarena.store.values import from_embedded


def _first_line(e: Exception) -> str:
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[0] if lines else type(e).__name__


class EmbeddedStore:
    """Read-only access to ``ORG_DIR/graph.lbug`` and its BM25 indexes."""

    backend = "embedded"

    def __init__(self, org_dir: str | os.PathLike):
        import ladybug

        self.org_dir = Path(org_dir).expanduser().resolve()
        path = self.org_dir / DB_FILE
        if not path.exists():
            raise CrmarenaError(f"no embedded graph in {self.org_dir} (run 'crmarena load {self.org_dir}')")
        try:
            self._db = ladybug.Database(str(path), read_only=True)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:
            raise CrmarenaError(f"cannot open the embedded graph {path}: {_first_line(e)}") from None
        self._search = Bm25Indexes(self.org_dir / SEARCH_DIR)

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        check_read_only(cypher)
        check_query(cypher, params)
        text = to_embedded(cypher)
        return self._execute(text, embedded_params(params), return_columns(cypher), timeout, max_rows)

    def _execute(self, text: str, params: dict[str, Any], names: list[str] | None, timeout: float,
                 max_rows: int) -> list[dict[str, Any]]:
        self._conn.set_query_timeout(max(1, int(timeout * 1000)))
        try:
            result = self._conn.execute(text, params)
        except RuntimeError as e:
            msg = _first_line(e)
            if "read-only" in msg or "read only" in msg:
                raise CrmarenaError("refused: the embedded graph is opened read-only (queries cannot write)") from None
            if "interrupted" in msg.lower() or "timeout" in msg.lower():
                raise CrmarenaError(f"query exceeded its {timeout:g} s timeout") from None
            raise CrmarenaError(f"embedded query failed: {msg}") from None
        if isinstance(result, list):  # several statements: never run more than one
            for r in result:
                r.close()
            raise CrmarenaError("refused: more than one statement")
        try:
            columns = result.get_column_names()
            keys = names if names and len(names) == len(columns) else columns
            rows = []
            while result.has_next():
                if len(rows) >= max_rows:
                    raise CrmarenaError(f"the query returned more than {max_rows} rows (add LIMIT, or raise the row cap)")
                rows.append({k: from_embedded(v) for k, v in zip(keys, result.get_next())})
            return rows
        except RuntimeError as e:
            raise CrmarenaError(f"embedded query failed: {_first_line(e)}") from None
        finally:
            result.close()

    def search(self, index: str, text: str, limit: int = 10) -> list[SearchHit]:
        hits = self._search.query(index, text, limit)
        if not hits:
            return []
        label = self._search.label(index)
        rows = self._execute(f"MATCH (n:`{label}`) WHERE n.id IN $p_ids RETURN n", {"p_ids": [h[0] for h in hits]},
                             ["n"], DEFAULT_TIMEOUT_S, len(hits))
        props = {r["n"]["id"]: r["n"] for r in rows}
        return [SearchHit(i, s, props.get(i, {"id": i})) for i, s in hits]

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per label and relationships per type."""
        from crmarena.graph_schema import load_schema

        schema = load_schema()
        nodes = {lbl: self._execute(f"MATCH (n:`{lbl}`) RETURN count(n)", {}, ["n"], 60, 1)[0]["n"]
                 for lbl in schema.labels}
        rels = {t: self._execute(f"MATCH ()-[r:`{t}`]->() RETURN count(r)", {}, ["n"], 60, 1)[0]["n"]
                for t in schema.relationship_types}
        return nodes, rels

    def close(self) -> None:
        try:
            self._conn.close()
            self._db.close()
        except RuntimeError:
            pass

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
