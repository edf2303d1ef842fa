"""Load an org into Neo4j over Bolt: id constraints first, then batched ``UNWIND $rows`` + ``MERGE`` on
ids, then the range and full-text indexes (built once over the whole graph when it was written whole).

Idempotent and self-healing: nodes (then relationships) are merged on ids and every property is set,
so re-loading the same org changes nothing and a load killed midway, re-run, completes the same graph.
One org per database: after merging, the counts per label and type must equal the org's (merging
guarantees the org's graph is a subset, so equal counts mean the identical graph). If the database held
anything else — another org, foreign labels, extra relationships — it is wiped and loaded again, and
the report says it was replaced.
"""

from __future__ import annotations

import time
from typing import Callable

import pyarrow as pa
import pyarrow.compute as pc

from crmarena.errors import CrmarenaError
from crmarena.graph_schema.ddl import constraint_statements, ddl_statements, deferred_index_names, deferred_statements
from crmarena.settings import Neo4jSettings
from crmarena.store import neo4j_queries as Q
from crmarena.store import org_meta
from crmarena.store.neo4j_store import driver_error, make_driver
from crmarena.store.org import OrgFolder
from crmarena.store.values import comparable, from_neo4j

# (rows per transaction, transactions in flight): the server writes while Python packs the next batches.
# The server's CPU is the bound. Measured on a 20k-case org (783k nodes, 1.83M relationships, 2 cores):
# nodes 52k rows/s at (5000, 4) against 45k at (5000, 2) and 27k at (20000, 4); relationships 57k rows/s
# at (2500, 2) against 43k at (5000, 4) - more writers on relationships only contend for the same nodes;
# written per source label (all its relationships in one statement), 68k against 49k per type.
NODE_BATCHES = (5_000, 4)
REL_BATCHES = (2_500, 2)
WIPE_BATCH = 20_000
SAMPLE_ROWS = 20


def _columns(table: pa.Table) -> list[list]:
    """Python lists per column: DATETIME as int UTC microseconds, DATE as datetime.date."""
    out = []
    for col in table.columns:
        if pa.types.is_timestamp(col.type):
            col = col.cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
        out.append(col.to_pylist())
    return out


def _rows(table: pa.Table, batch_rows: int, weight: Callable[[pa.Table], int]):
    """``(rows, weight(slice))`` per batch: the rows as lists, and what the batch writes."""
    for start in range(0, table.num_rows, batch_rows):
        part = table.slice(start, batch_rows)
        yield [list(r) for r in zip(*_columns(part))], weight(part)


def _num_rows(part: pa.Table) -> int:
    return part.num_rows


def rels_by_source(schema) -> dict[str, list]:
    out: dict[str, list] = {}
    for rel in schema.relationships:
        out.setdefault(rel.source, []).append(rel)
    return out


def rel_rows(table: pa.Table, rels: list) -> pa.Table:
    """The id and every relationship's target id (the FK columns) of the nodes with at least one."""
    cols = [table.column(rel.column) for rel in rels]
    keep = pc.is_valid(cols[0])
    for col in cols[1:]:
        keep = pc.or_(keep, pc.is_valid(col))
    return pa.table([table.column("id")] + cols, names=["id"] + [f"to{i}" for i in range(len(rels))]).filter(keep)


def _targets(part: pa.Table) -> int:
    """The relationships a slice of :func:`rel_rows` writes: its target ids that are set."""
    return sum(len(col) - col.null_count for col in part.columns[1:])


def expected_counts(org: OrgFolder, tables: dict[str, pa.Table]) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type the org's graph has."""
    nodes = {lbl: t.num_rows for lbl, t in tables.items()}
    rels: dict[str, int] = {}
    for r in org.schema.relationships:
        rels[r.type] = rels.get(r.type, 0) + org.rel_table(tables[r.source], r).num_rows
    return nodes, rels


class Neo4jLoader:
    def __init__(self, settings: Neo4jSettings, progress: Callable[[int], None] | None = None):
        self.settings = settings
        self.progress = progress or (lambda n: None)
        self.driver = make_driver(settings)

    def _write(self, cypher: str, **params):
        from neo4j import RoutingControl

        try:
            return self.driver.execute_query(cypher, params, database_=self.settings.database,
                                             routing_=RoutingControl.WRITE).records
        except Exception as e:  # noqa: BLE001 -- one line for the user
            raise driver_error(e, self.settings) from None

    def _count(self, cypher: str) -> int:
        return self._write(cypher)[0]["n"]

    def counts(self, org: OrgFolder) -> tuple[dict[str, int], dict[str, int], int, int]:
        schema = org.schema
        nodes = {lbl: self._count(Q.count_label(lbl)) for lbl in schema.labels}
        rels = {t: self._count(Q.count_type(t)) for t in schema.relationship_types}
        return nodes, rels, self._count(org_meta.TOTAL_NODES), self._count(Q.TOTAL_RELS)

    def apply_ddl(self) -> None:
        self._write_all(ddl_statements())

    def _write_all(self, statements: list[str]) -> None:
        for stmt in statements:
            self._write(stmt)

    def drop_deferred_indexes(self) -> None:
        """Before writing a whole graph: the range and full-text indexes are built once it is written."""
        for name in deferred_index_names():
            self._write(Q.drop_index(name))

    def build_deferred_indexes(self) -> None:
        self._write_all(deferred_statements())

    def await_indexes(self, seconds: float = 3600.0, poll_s: float = 0.5) -> None:
        """Wait until every index is ONLINE, polling in short transactions; a FAILED index, or one still
        populating after ``seconds``, is an error naming it."""
        deadline = time.monotonic() + seconds
        while pending := self._write(Q.INDEXES_NOT_ONLINE):
            failed = [r["name"] for r in pending if r["state"] == "FAILED"]
            if failed:
                raise CrmarenaError(f"Neo4j could not build the index(es) {', '.join(failed)}: see the server's debug.log")
            if time.monotonic() > deadline:
                shown = ", ".join(f"{r['name']} {r['populationPercent']:.0f} %" for r in pending[:3])
                raise CrmarenaError(f"Neo4j indexes still populating after {seconds:.0f} s: {shown}")
            time.sleep(poll_s)

    def wipe(self) -> None:
        """Delete every relationship, then every node, in batches (each its own transaction)."""
        for text in (Q.WIPE_RELS, Q.WIPE_NODES):
            while self._write(text, batch=WIPE_BATCH)[0]["n"]:
                pass

    def same_org(self, org: OrgFolder, tables: dict[str, pa.Table]) -> bool:
        """False when nodes already stored under the org's ids hold other property values (another org).

        Compares the first rows of every label; nodes not stored yet (a partial load) do not count.
        """
        for node in org.schema.nodes:
            head = tables[node.label].select(["id"] + [p.name for p in node.properties]).slice(0, SAMPLE_ROWS)
            want = {r["id"]: {k: comparable(v) for k, v in r.items() if v is not None} for r in head.to_pylist()}
            for rec in self._write(Q.sample_nodes(node.label), ids=list(want)):
                have = {k: comparable(from_neo4j(v)) for k, v in rec["p"].items()}
                if have != want[rec["id"]]:
                    return False
        return True

    def _batches(self, text: str, table: pa.Table, batches: tuple[int, int],
                 weight: Callable[[pa.Table], int] = _num_rows) -> None:
        """Write ``table`` with ``text`` in batches of ``batches[0]`` rows, ``batches[1]`` transactions in
        flight at a time; progress advances by ``weight`` of each batch's slice (the rows it writes)."""
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        batch_rows, writers = batches
        with ThreadPoolExecutor(writers) as pool:
            pending = set()
            for batch, n in _rows(table, batch_rows, weight):
                if len(pending) >= writers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        self.progress(f.result())
                pending.add(pool.submit(lambda b, n: (self._write(text, rows=b), n)[1], batch, n))
            for f in pending:
                self.progress(f.result())

    def merge(self, org: OrgFolder, tables: dict[str, pa.Table]) -> None:
        """Nodes, then relationships; CREATE where none of a kind exists yet, MERGE otherwise."""
        schema = org.schema
        for node in schema.nodes:
            fresh = self._count(Q.count_label(node.label)) == 0
            table = tables[node.label].select(["id"] + [p.name for p in node.properties])
            self._batches(Q.create_nodes(node) if fresh else Q.merge_nodes(node), table, NODE_BATCHES)
        for source, rels in rels_by_source(schema).items():
            fresh = all(self._count(Q.count_from(rel)) == 0 for rel in rels)
            text = Q.create_relationships(source, rels) if fresh else Q.merge_relationships(source, rels)
            self._batches(text, rel_rows(tables[source], rels), REL_BATCHES, weight=_targets)

    def load(self, org: OrgFolder, fingerprint: str | None = None) -> tuple[dict[str, int], dict[str, int], bool]:
        """Load ``org``; return the expected node and relationship counts and whether the graph was replaced.
        The org's ``fingerprint`` node is removed first and written last (:mod:`store.org_meta`)."""
        schema = org.schema
        tables = {n.label: org.table(n) for n in schema.nodes}
        want_nodes, want_rels = expected_counts(org, tables)
        self._write(org_meta.NEO4J_REMOVE)
        self._write_all(constraint_statements())
        have_nodes, _, total, _ = self.counts(org)
        replaced = False
        if total and (total > sum(have_nodes.values())
                      or any(have_nodes[lbl] > want_nodes[lbl] for lbl in want_nodes)
                      or not self.same_org(org, tables)):
            self.wipe()
            replaced = True
        if replaced or not total:
            self.drop_deferred_indexes()
        self.merge(org, tables)
        if not self.exact(org, want_nodes, want_rels):
            if replaced:
                raise CrmarenaError("Neo4j holds a different graph than the org after a fresh load "
                                    "(is another process writing to the same database?)")
            self.wipe()
            self.drop_deferred_indexes()
            replaced = True
            self.merge(org, tables)
            if not self.exact(org, want_nodes, want_rels):
                raise CrmarenaError("Neo4j holds a different graph than the org after a fresh load "
                                    "(is another process writing to the same database?)")
        self.build_deferred_indexes()
        self.await_indexes()
        if fingerprint:
            self.record_fingerprint(fingerprint)
        return want_nodes, want_rels, replaced

    def record_fingerprint(self, fingerprint: str) -> None:
        """The org's fingerprint node, written once the graph is complete."""
        self._write(org_meta.NEO4J_REMOVE)
        self._write(org_meta.NEO4J_WRITE, fingerprint=fingerprint)

    def exact(self, org: OrgFolder, want_nodes: dict[str, int], want_rels: dict[str, int]) -> bool:
        """True when the database holds exactly these counts (and nothing else)."""
        nodes, rels, total_nodes, total_rels = self.counts(org)
        return (nodes == want_nodes and rels == want_rels and total_nodes == sum(want_nodes.values())
                and total_rels == sum(want_rels.values()))

    def close(self) -> None:
        self.driver.close()
