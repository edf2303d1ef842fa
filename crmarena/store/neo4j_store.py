"""The Neo4j store: the official driver against a real server, read-only for queries.

Every query runs in a READ access-mode session pinned to the org's database (never ``system``),
inside an explicit transaction with a timeout that is always rolled back. An untrusted statement is
first bounded and pre-checked (``readonly``), then planned by the server (``EXPLAIN`` in the same
transaction) and run only if ``plans.neo4j_plan_refusal`` finds nothing but read operators on that
database. The server's transaction timeout does not cover parsing, so every call also has a client
deadline (its timeout plus ``QueryLimits.client_grace_s``): past it the call is abandoned, its
connections are closed and the next call uses a fresh driver. Driver failures become one-line
CrmarenaErrors.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Any, Callable

from crmarena.errors import CrmarenaError, ServiceError
from crmarena.settings import Neo4jSettings
from crmarena.store import neo4j_queries as Q
from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, QueryLimits, SearchHit
from crmarena.store.plans import neo4j_plan_refusal
from crmarena.store.portable import check_query
from crmarena.store.readonly import check_bounds, check_read_only
from crmarena.store.values import from_neo4j

SYSTEM_DATABASE = "system"
PLAN_CACHE_SIZE = 1024  # statements whose plan was found read-only (the text decides the operators)

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
        return ServiceError(f"no Neo4j answers at {settings.uri} (start the local server with "
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

    def __init__(self, settings: Neo4jSettings | None = None, *, limits: QueryLimits | None = None):
        self.settings = settings or Neo4jSettings.from_env()
        if self.settings.database.strip().lower() == SYSTEM_DATABASE:
            raise CrmarenaError("NEO4J_DATABASE must name the org's database, never 'system' (queries never "
                                "read the server's users, roles and settings)")
        self.limits = limits or QueryLimits()
        self._driver = make_driver(self.settings)
        self._driver_lock = threading.Lock()
        self._read_plans: dict[str, None] = {}

    @contextmanager
    def _errors(self):
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            raise driver_error(e, self.settings) from None

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        check_bounds(cypher, self.limits)
        check_read_only(cypher)
        check_query(cypher, params)
        return self._read(cypher, params or {}, timeout, max_rows, check_plan=True)

    def _read(self, cypher: str, params: dict[str, Any], timeout: float, max_rows: int, *,
              check_plan: bool = False) -> list[dict[str, Any]]:
        """Run one statement under the client deadline (the plan checked first when asked)."""
        return self._within_deadline(lambda driver: self._transaction(driver, cypher, params, timeout, max_rows,
                                                                      check_plan), timeout)

    def _within_deadline(self, work: Callable[[Any], list[dict[str, Any]]], timeout: float) -> list[dict[str, Any]]:
        """``work(driver)`` in a helper thread; past ``timeout + client_grace_s`` it is abandoned and the
        driver replaced (closing it ends the abandoned call's connection)."""
        driver = self._driver
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["rows"] = work(driver)
            except BaseException as e:  # noqa: BLE001 -- handed to the caller's thread
                outcome["error"] = e

        thread = threading.Thread(target=target, name="crmarena-neo4j-query", daemon=True)
        thread.start()
        thread.join(timeout + self.limits.client_grace_s)
        if thread.is_alive():
            with self._driver_lock:
                if self._driver is driver:
                    self._driver = make_driver(self.settings)
            threading.Thread(target=driver.close, name="crmarena-neo4j-close", daemon=True).start()
            raise CrmarenaError(f"query exceeded its {timeout:g} s timeout: Neo4j did not answer within "
                                f"{timeout + self.limits.client_grace_s:g} s (the call was abandoned)")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["rows"]

    def _transaction(self, driver: Any, cypher: str, params: dict[str, Any], timeout: float, max_rows: int,
                     check_plan: bool) -> list[dict[str, Any]]:
        from neo4j import READ_ACCESS

        rows: list[dict[str, Any]] = []
        with self._errors(), driver.session(database=self.settings.database,
                                            default_access_mode=READ_ACCESS) as session:
            tx = session.begin_transaction(timeout=timeout)
            try:
                if check_plan and cypher not in self._read_plans:
                    self._check_plan(tx, cypher, params)
                result = tx.run(cypher, params)
                for record in result:
                    if len(rows) >= max_rows:
                        raise CrmarenaError(f"the query returned more than {max_rows} rows "
                                            "(add LIMIT, or raise the row cap)")
                    rows.append({k: from_neo4j(v) for k, v in record.items()})
            finally:
                tx.rollback()
        return rows

    def _check_plan(self, tx: Any, cypher: str, params: dict[str, Any]) -> None:
        """Refuse ``cypher`` unless the server plans it as a read of the org's database only."""
        summary = tx.run("EXPLAIN " + cypher, params).consume()
        refusal = neo4j_plan_refusal(summary.plan, summary.query_type, self.settings.database)
        if refusal:
            raise CrmarenaError(f"refused: {refusal} — queries are read-only (no writes, LOAD CSV, "
                                "administration, SHOW, TERMINATE or USE commands, procedures outside the "
                                "full-text query and schema listings)")
        if len(self._read_plans) >= PLAN_CACHE_SIZE:
            self._read_plans.pop(next(iter(self._read_plans)), None)
        self._read_plans[cypher] = None

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

    def org_fingerprint(self) -> str | None:
        from crmarena.store import org_meta

        return org_meta.single(self._read(org_meta.READ, {}, 60, 2))

    def close(self) -> None:
        with self._driver_lock:
            self._driver.close()

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
