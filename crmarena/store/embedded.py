"""The embedded store: the org's ladybug (Kuzu-family) database, opened read-only, in process.

Queries are Neo4j Cypher, re-spelled by ``dialect.to_embedded``; results are normalised by
``values.from_embedded`` and keyed by the column names Neo4j would give them. Every statement is
bounded (``readonly.check_bounds``), pre-checked lexically, then planned by the engine (EXPLAIN of a
prepared statement, so never more than one statement) and run only if ``plans.embedded_plan_refusal``
finds nothing but read operators. Untrusted Cypher goes through ``embedded_worker`` (a child process
with a memory cap and a wall-clock deadline), which wraps this class.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from crmarena.errors import CrmarenaError
from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, QueryLimits, SearchHit
from crmarena.store.cypher_text import return_columns
from crmarena.store.dialect import embedded_params, to_embedded
from crmarena.store.fulltext import Bm25Indexes
from crmarena.store.org import DB_FILE, SEARCH_DIR
from crmarena.store.plans import embedded_plan_refusal
from crmarena.store.portable import check_query
from crmarena.store.readonly import check_bounds, check_read_only
from crmarena.store.values import from_embedded

PLAN_CACHE_SIZE = 1024  # statements whose plan was found read-only (the text decides the operators)


def _first_line(e: Exception) -> str:
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[0] if lines else type(e).__name__


def _engine_error(msg: str, timeout: float) -> CrmarenaError:
    """The one-line error for an engine failure."""
    if "read-only" in msg or "read only" in msg:
        return CrmarenaError("refused: the embedded graph is opened read-only (queries cannot write)")
    if "interrupted" in msg.lower() or "timeout" in msg.lower():
        return CrmarenaError(f"query exceeded its {timeout:g} s timeout")
    if "bad_alloc" in msg or "Unable to allocate" in msg or "buffer pool is full" in msg:
        return CrmarenaError("refused: the query needs more memory than the embedded engine may use "
                             "(narrow it, or add LIMIT)")
    return CrmarenaError(f"embedded query failed: {msg}")


class EmbeddedStore:
    """Read-only access to ``ORG_DIR/graph.lbug`` and its BM25 indexes."""

    backend = "embedded"

    def __init__(self, org_dir: str | os.PathLike, *, limits: QueryLimits | None = None,
                 buffer_pool_bytes: int = 0, max_db_bytes: int | None = None):
        """``buffer_pool_bytes`` 0 is the engine's default (most of the machine's memory)."""
        import ladybug

        self.org_dir = Path(org_dir).expanduser().resolve()
        self.limits = limits or QueryLimits()
        path = self.org_dir / DB_FILE
        if not path.exists():
            raise CrmarenaError(f"no embedded graph in {self.org_dir} (run 'crmarena load {self.org_dir}')")
        try:
            self._db = ladybug.Database(str(path), read_only=True, buffer_pool_size=buffer_pool_bytes,
                                        max_db_size=max_db_bytes)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:
            raise CrmarenaError(f"cannot open the embedded graph {path}: {_first_line(e)}") from None
        self._search = Bm25Indexes(self.org_dir / SEARCH_DIR)
        self._read_plans: dict[str, None] = {}

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        check_bounds(cypher, self.limits)
        check_read_only(cypher)
        check_query(cypher, params)
        text = to_embedded(cypher)
        values = embedded_params(params)
        self._check_plan(text, values, timeout)
        return self._execute(text, values, return_columns(cypher), timeout, max_rows)

    def _check_plan(self, text: str, params: dict[str, Any], timeout: float) -> None:
        """Refuse ``text`` unless the engine plans it as one statement of read operators only."""
        if text in self._read_plans:
            return
        with warnings.catch_warnings():   # compiles without running: refuses more than one statement
            warnings.simplefilter("ignore", DeprecationWarning)
            prepared = self._conn.prepare(text, params)
        if not prepared.is_success():
            msg = _first_line(RuntimeError(prepared.get_error_message()))
            if "multiple statements" in msg:
                raise CrmarenaError("refused: more than one statement")
            raise _engine_error(msg, timeout)   # constants are folded at compile time: memory errors too
        rows = self._execute("EXPLAIN " + text, params, ["plan"], timeout, 1)
        refusal = embedded_plan_refusal(str(rows[0]["plan"]) if rows else "")
        if refusal:
            raise CrmarenaError(f"refused: {refusal} — queries are read-only (no writes, LOAD FROM, COPY, "
                                "ATTACH, INSTALL, settings or functions outside the org's data)")
        if len(self._read_plans) >= PLAN_CACHE_SIZE:
            self._read_plans.pop(next(iter(self._read_plans)))
        self._read_plans[text] = None

    def _execute(self, text: str, params: dict[str, Any], names: list[str] | None, timeout: float,
                 max_rows: int) -> list[dict[str, Any]]:
        self._conn.set_query_timeout(max(1, int(timeout * 1000)))
        try:
            result = self._conn.execute(text, params)
        except RuntimeError as e:
            raise _engine_error(_first_line(e), timeout) from None
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
            raise _engine_error(_first_line(e), timeout) from None
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

    def org_fingerprint(self) -> str | None:
        from crmarena.store import org_meta

        try:
            return org_meta.single(self._execute(org_meta.READ, {}, ["fingerprint"], 60, 2))
        except CrmarenaError:       # a database built before fingerprints: no such table
            return None

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
