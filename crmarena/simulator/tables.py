"""Arrow tables of the 27 objects, in dependency order, with exactly the schema's columns.

Column values come from the draws (numpy indices) and the text module; ids are Salesforce-style
(``ids.py``) per label, foreign keys are ``take``s of the parent's id column. ``assemble`` checks
every table against ``crmarena.graph_schema.arrow.arrow_schema`` — a column the schema gains and
the simulator does not fill is an error, not a silent null.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.graph_schema import load_schema
from crmarena.graph_schema.arrow import arrow_schema
from crmarena.simulator.ids import id_records, ref_array

TS = pa.timestamp("us", tz="UTC")
ORDER = ("User", "Account", "Contact", "Issue", "KnowledgeArticle", "ProductCategory", "Product",
         "ProductCategoryProduct", "Pricebook", "PricebookEntry", "Order", "OrderItem", "Case",
         "CaseHistory", "EmailMessage", "LiveChatTranscript",
         "Territory", "UserTerritoryAssociation", "Lead", "Contract", "Opportunity", "OpportunityLineItem",
         "Quote", "QuoteLineItem", "Task", "Event", "VoiceCallTranscript")


def timestamps(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    us = pa.array(np.asarray(seconds, np.int64) * 1_000_000, pa.int64(), mask=missing)
    return us.cast(TS)


def dates(days: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(days, np.int32), pa.int32()).cast(pa.date32())


def phones(numbers: np.ndarray) -> pa.Array:
    s = pc.cast(pa.array(np.asarray(numbers, np.int64)), pa.string())
    sl = lambda a, b: pc.utf8_slice_codeunits(s, a, b)  # noqa: E731
    return pc.binary_join_element_wise("(", sl(0, 3), ") ", sl(3, 6), "-", sl(6, 10), "")


def emails(first: pa.Array, last: pa.Array, n: int, domain) -> pa.Array:
    """first.last<row>@domain, lower case, letters only (unique by the row number)."""
    clean = lambda a: pc.replace_substring_regex(pc.utf8_lower(a), r"[^a-z]", "")  # noqa: E731
    num = pc.cast(pa.array(np.arange(1, n + 1)), pa.string())
    return pc.binary_join_element_wise(clean(first), ".", clean(last), num, "@", domain, "")


class Assembler:
    """Builds each label's table with the schema's columns and hands it to ``sink(label, table,
    last)`` at once (the writer), keeping only row counts — and the few tables asked to be kept."""

    def __init__(self, sink, keep=("User", "Contact"), kind: str = "b2c", base: int = 0,
                 shared: dict[str, np.ndarray] | None = None):
        self.schema, self.kind = load_schema(), kind
        self.nodes = {n.label: n for n in self.schema.nodes}
        self.sink, self.keep = sink, set(keep)
        self.counts: dict[str, int] = {}
        self.kept: dict[str, pa.Table] = {}
        self.base = int(base)                       # row number of this assembler's first row of each label
        self.shared = dict(shared or {})            # label -> id records made elsewhere (a block's parents)
        self._records: dict[str, np.ndarray] = {}   # label -> its ids as 18-byte records (FK gathers)
        self._targets = {r.target for n in self.schema.nodes for r in n.relationships}

    def records(self, label: str) -> np.ndarray:
        """The ids of ``label`` as 18-byte records (made by ``add`` of a whole table, or shared)."""
        return self.shared[label] if label in self.shared else self._records[label]

    def all_records(self, label: str) -> np.ndarray:
        """The id records of every row of ``label`` so far (made now if no whole table kept them)."""
        if label in self.shared or label in self._records:
            return self.records(label)
        return id_records(self.nodes[label].id_prefix, self.counts[label], self.base)

    def ids(self, label: str, first: int, stop: int, whole: bool) -> pa.Array:
        prefix = self.nodes[label].id_prefix
        if not whole or label not in self._targets:
            return ref_array(prefix, self.base + np.arange(first, stop))
        self._records[label] = id_records(prefix, stop, self.base)
        return ref_array(prefix, np.arange(stop), self._records[label])

    def release(self, *labels: str) -> None:
        """Forget the id records of labels no later table refers to (memory at scale)."""
        for label in labels:
            self._records.pop(label, None)

    def ref_either(self, mask: np.ndarray, label_true: str, rows_true: np.ndarray, label_false: str,
                   rows_false: np.ndarray) -> pa.Array:
        """Ids of ``label_true[rows_true]`` where ``mask``, else of ``label_false[rows_false]`` (both cached)."""
        a, b = self.records(label_true), self.records(label_false)
        rec = np.where(mask, a[np.where(mask, rows_true, 0)], b[np.where(mask, 0, rows_false)])
        return ref_array("", np.arange(len(rec)), rec) if len(rec) else pa.array([], pa.string())

    def ref(self, label: str, rows: np.ndarray) -> pa.Array:
        """Foreign-key column: ids of ``rows`` of ``label``, null where the row is < 0."""
        if label in self.shared:
            return ref_array(self.nodes[label].id_prefix, rows, self.shared[label])
        rec = self._records.get(label)
        if rec is None and self.base:
            rows = np.asarray(rows, np.int64)
            rows = np.where(rows >= 0, rows + self.base, -1)
        return ref_array(self.nodes[label].id_prefix, rows, rec)

    def add(self, label: str, columns: dict[str, pa.Array], n: int | None = None, first: int = 0,
            last: bool = True) -> None:
        """Rows ``first``.. of ``label`` (a chunk when ``last`` is False; chunks come in order)."""
        want = arrow_schema(self.nodes[label], self.kind)
        n = n if n is not None else len(next(iter(columns.values())))
        cols = {"id": self.ids(label, first, first + n, whole=first == 0 and last), **columns}
        missing = [f for f in want.names if f not in cols]
        extra = [f for f in cols if f not in want.names]
        if missing or extra:
            raise RuntimeError(f"{label}: simulator columns disagree with the schema "
                               f"(missing {missing}, unknown {extra})")
        arrays = []
        for field in want:
            a = cols[field.name]
            if isinstance(a, pa.ChunkedArray):
                a = a.combine_chunks()
            arrays.append(a if a.type == field.type else a.cast(field.type))
        t = pa.Table.from_arrays(arrays, schema=want)
        self.counts[label] = self.counts.get(label, 0) + n
        if label in self.keep:
            self.kept[label] = t
        self.sink(label, t, last)
