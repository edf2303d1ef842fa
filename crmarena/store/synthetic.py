"""A schema-driven synthetic org for store tests and ``crmarena bench load``: random but schema-valid
Parquet for all labels, independent of the simulator (so store speed is measured on its own).

Every table has exactly ``arrow_schema(node)``'s columns; every foreign key resolves to an existing
row of its target; some optional values and references are null. Case/CaseHistory times are ordered
(closedDate after createdDate) so handle-time queries mean something. Not a simulator: no latent
structure, only what the store needs (types, nulls, ties, shared relationship types).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crmarena.graph_schema import load_schema
from crmarena.graph_schema.arrow import arrow_schema, table_file
from crmarena.graph_schema.picklists import CLOSED, allowed

WORDS = ("refund window shoe size return policy running trail jacket waterproof warranty exchange "
         "late delivery wrong item damaged package order tracking premium cotton yoga mat tennis racket "
         "hiking boots socks discount coupon loyalty points shipping express store credit").split()
STATES = ["CA", "NY", "TX", "WA", "FL", "IL", "MA", "CO"]
STATUS = {"Case": [*allowed("Case", "status"), CLOSED], "Order": list(allowed("Order", "status"))}
FIELDS = list(allowed("CaseHistory", "field"))
EPOCH_2020 = int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp())
SPAN_S = 4 * 365 * 86400
OPTIONAL_FKS = {"oldOwnerId": 0.5, "newOwnerId": 0.3, "contactId": 0.1}


def sizes(cases: int) -> dict[str, int]:
    c = max(cases, 10)
    base = {"User": max(8, c // 40), "Account": max(20, c // 5), "KnowledgeArticle": 24, "ProductCategory": 6,
            "Product": max(20, c // 20), "Pricebook": 4, "Issue": 8}
    base.update({"Contact": base["Account"], "ProductCategoryProduct": base["Product"],
                 "PricebookEntry": base["Product"] * 2, "Order": c * 2, "OrderItem": c * 3, "Case": c,
                 "EmailMessage": c * 3, "LiveChatTranscript": c // 3, "CaseHistory": c * 3})
    o = max(10, c // 2)
    base.update({"Territory": 4, "UserTerritoryAssociation": base["User"], "Lead": o, "Contract": max(4, o // 4),
                 "Opportunity": o, "OpportunityLineItem": o * 3, "Quote": o // 2 + 1, "QuoteLineItem": o + 2,
                 "Task": o * 3, "Event": max(2, o // 10), "VoiceCallTranscript": o})
    return base


def _text(rng, n: int, words: int) -> list[str]:
    picks = rng.integers(0, len(WORDS), size=(n, words))
    vocab = np.array(WORDS, dtype=object)
    return [" ".join(row) for row in vocab[picks]]


def _column(rng, label: str, name: str, typ: str, n: int, created=None):
    nulls = rng.random(n) < (0.0 if name in ("createdDate", "status", "field", "name", "title") else 0.05)
    if typ == "STRING":
        if name == "status" and label in STATUS:
            vals = list(np.array(STATUS[label], dtype=object)[rng.integers(0, len(STATUS[label]), n)])
        elif name == "shippingState":
            vals = list(np.array(STATES, dtype=object)[rng.integers(0, len(STATES), n)])
        elif name == "field":
            vals = list(np.array(FIELDS, dtype=object)[rng.integers(0, 3, n)])
        else:
            vals = _text(rng, n, 12 if name in ("faqAnswer", "description", "textBody", "body") else 3)
        return pa.array([None if z else v for v, z in zip(vals, nulls)], pa.string())
    if typ == "INTEGER":
        return pa.array(rng.integers(1, 6, n), pa.int64(), mask=nulls)
    if typ == "FLOAT":
        return pa.array(np.round(rng.uniform(5, 300, n), 2), pa.float64(), mask=nulls)
    if typ == "BOOLEAN":
        return pa.array(rng.random(n) < 0.7, pa.bool_(), mask=nulls)
    if typ == "DATE":
        return pa.array(((EPOCH_2020 + rng.integers(0, SPAN_S, n)) // 86400).astype("int32"), pa.date32(), mask=nulls)
    secs = EPOCH_2020 + rng.integers(0, SPAN_S, n)
    if name in ("closedDate", "validTo", "endTime") and created is not None:
        secs = created + rng.integers(3600, 30 * 86400, n)
    return pa.array(secs * 1_000_000, pa.timestamp("us", tz="UTC"), mask=nulls if name != "closedDate" else
                    nulls | (rng.random(n) < 0.3))


def write_synthetic_org(out: Path, cases: int = 60, seed: int = 0) -> dict[str, int]:
    """Write ``<Label>.parquet`` for every label into ``out``; return rows per label."""
    schema = load_schema()
    rng = np.random.default_rng(seed)
    n_of = sizes(cases)
    ids = {n.label: np.array([f"{n.id_prefix}{i:012d}" for i in range(n_of[n.label])], dtype=object)
           for n in schema.nodes}
    out.mkdir(parents=True, exist_ok=True)
    for node in schema.nodes:
        n = n_of[node.label]
        cols = {"id": pa.array(ids[node.label], pa.string())}
        start = EPOCH_2020 + rng.integers(0, SPAN_S, n)
        for p in node.properties_of("b2c"):     # a b2c org (no manifest)
            if p.name in ("createdDate", "validFrom", "messageDate") and p.type == "DATETIME":
                cols[p.name] = pa.array(start * 1_000_000, pa.timestamp("us", tz="UTC"))
            else:
                cols[p.name] = _column(rng, node.label, p.name, p.type, n, created=start)
        for r in node.relationships:
            target = ids[r.target]
            vals = target[rng.integers(0, len(target), n)]
            mask = rng.random(n) < OPTIONAL_FKS.get(r.column, 0.0)
            cols[r.column] = pa.array([None if m else v for v, m in zip(vals, mask)], pa.string())
        table = pa.table(cols).cast(arrow_schema(node, "b2c"))
        pq.write_table(table, out / table_file(node.label))
    return n_of
