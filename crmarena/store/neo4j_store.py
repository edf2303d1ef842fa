"""The Neo4j store: the official driver against a real server, read-only for queries.

Every query runs in a READ access-mode session inside an explicit transaction with a timeout, and that
transaction is always rolled back: Neo4j refuses writes in READ mode, and a rollback could undo any
anyway. Driver failures become one-line CrmarenaErrors.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store import neo4j_queries as Q
from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, SearchHit
from crmarena.store.portable import check_query
from crmarena.store.readonly import check_read_only
from crmarena.store.values import from_neo4j

_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_escape(text: str) -> str:
    """Plain words for a Lucene query: special characters escaped, AND/OR/NOT lower-cased (not operators)."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in text.split()]
    return " ".join(w.lower() if w in ("AND", "OR", "NOT", "TO") else w for w in words)


def driver_error(e: Exception, settings: Neo4jSettings) -> CrmarenaError:
    """A one-line CrmarenaError for any driver or server failure."""
    from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired

    if isinstance(e, AuthError):
        return CrmarenaError(f"Neo4j at {settings.uri} rejected the credentials of user '{settings.user}' "
                             "(check NEO4J_USER / NEO4J_PASSWORD)")
    if isinstance(e, (ServiceUnavailable, SessionExpired, OSError)):
        return CrmarenaError(f"no Neo4j answers at {settings.uri} (start the local server with "
                             "'crmarena neo4j start', or set NEO4J_URI)")
    if isinstance(e, Neo4jError):
        code = e.code or ""
        msg = (e.message or str(e)).strip().splitlines()[0] if (e.message or str(e)).strip() else code
        if "AccessMode" in code or "Forbidden" in code or "WriteOnReadOnlyAccessDbException" in msg:
            return CrmarenaError(f"refused: queries are read-only ({msg})")
        if "TransactionTimedOut" in code or "TransactionTimedOut" in msg:
            return CrmarenaError(f"query exceeded its timeout: {msg}")
        if "DatabaseNotFound" in code:
            return CrmarenaError(f"Neo4j has no database '{settings.database}'")
        if isinstance(e, ClientError) and "Syntax" in code:
            return CrmarenaError(f"Cypher syntax error: {msg}")
        return CrmarenaError(f"Neo4j error {code}: {msg}")
    if isinstance(e, ValueError):
        return CrmarenaError(f"bad Neo4j URI or parameter: {e}")
    return CrmarenaError(f"Neo4j driver error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")


def make_driver(settings: Neo4jSettings):
    from neo4j import GraphDatabase, NotificationMinimumSeverity

    try:
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                      connection_timeout=10, connection_acquisition_timeout=30,
                                      notifications_min_severity=NotificationMinimumSeverity.OFF)
        driver.verify_connectivity()
        return driver
    except Exception as e:  # noqa: BLE001 -- every driver failure becomes one line
        raise driver_error(e, settings) from None


class Neo4jStore:
    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings | None = None):
        self.settings = settings or Neo4jSettings.from_env()
        self._driver = make_driver(self.settings)

    @contextmanager
    def _errors(self):
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            raise driver_error(e, self.settings) from None

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        check_read_only(cypher)
        check_query(cypher, params)
        return self._read(cypher, params or {}, timeout, max_rows)

    def _read(self, cypher: str, params: dict[str, Any], timeout: float, max_rows: int) -> list[dict[str, Any]]:
        from neo4j import READ_ACCESS

        rows: list[dict[str, Any]] = []
        with self._errors(), self._driver.session(database=self.settings.database,
                                                  default_access_mode=READ_ACCESS) as session:
            tx = session.begin_transaction(timeout=timeout)
            try:
                result = tx.run(cypher, params)
                for record in result:
                    if len(rows) >= max_rows:
                        raise CrmarenaError(f"the query returned more than {max_rows} rows "
                                            "(add LIMIT, or raise the row cap)")
                    rows.append({k: from_neo4j(v) for k, v in record.items()})
            finally:
                tx.rollback()
        return rows

    def search(self, index: str, text: str, limit: int = 10) -> list[SearchHit]:
        from crmarena.graph_schema import load_schema

        names = {f.name for f in load_schema().fulltext_indexes}
        if index not in names:
            raise CrmarenaError(f"no full-text index {index!r} (known: {', '.join(sorted(names))})")
        query = lucene_escape(text)
        if not query or limit <= 0:
            return []
        rows = self._read(Q.SEARCH, {"index": index, "query": query, "limit": int(limit)}, DEFAULT_TIMEOUT_S, limit)
        return [SearchHit(r["node"]["id"], float(r["score"]), r["node"]) for r in rows]

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        from crmarena.graph_schema import load_schema

        schema = load_schema()
        nodes = {lbl: self._read(Q.count_label(lbl), {}, 60, 1)[0]["n"] for lbl in schema.labels}
        rels = {t: self._read(Q.count_type(t), {}, 60, 1)[0]["n"] for t in schema.relationship_types}
        return nodes, rels

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
