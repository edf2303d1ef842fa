"""The CSV files ``neo4j-admin database import`` reads an org from, written part by part.

Node ids in the files are integers, unique over the whole org: the labels in schema order, each its
rows in order (``:ID(Label)``; the org's own string id is an ordinary ``id`` property). Relationships
give the two integers, and neo4j-admin takes them as the node ids themselves (``--id-type=actual``):
it maps no ids. With the 18-character string ids, its id mapper spent 11 of 14 minutes of a 1M-case
import in collision searches; with row numbers repeated across labels, it still searched collision
ranges.

Each node table is written one Parquet part at a time (a blocked org's part is one block), so the
memory held is a part, not the org. A relationship reads only its foreign-key column and its target's
id column. A foreign key naming no node of its target is an error here, before the import starts.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import NodeType, Relationship
from crmarena.store.org import OrgFolder

ADMIN_TYPES = {"STRING": "string", "INTEGER": "long", "FLOAT": "double", "BOOLEAN": "boolean",
               "DATE": "date", "DATETIME": "datetime"}
CHUNK = 50_000
ID_TYPE = "actual"      # neo4j-admin's --id-type: the files' ids are the node ids (no id mapping)


def csv_ready(table: pa.Table) -> pa.Table:
    """The table as neo4j-admin reads it: DATETIMEs as ISO-8601 UTC text (``2024-01-02T03:04:05.000000Z``).

    Arrow's CSV writer does the rest: strings are always quoted (so "" stays an empty string, a null is an
    empty field), quotes doubled, booleans ``true``/``false``, floats in their shortest round-trip form."""
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            utc = table.column(i).cast(pa.timestamp("us", tz="UTC"))
            table = table.set_column(i, field.name, pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ"))
    return table


def node_header(node: NodeType) -> list[str]:
    return [f":ID({node.label})", "id:string"] + [f"{p.name}:{ADMIN_TYPES[p.type]}" for p in node.properties]


def rel_header(rel: Relationship) -> list[str]:
    return [f":START_ID({rel.source})", f":END_ID({rel.target})"]


def write_csv(path: Path, table: pa.Table, header: list[str] | None = None) -> None:
    """One CSV file (a ``header`` line first when given), written by Arrow's C++ writer: no per-cell Python."""
    from pyarrow import csv

    with pa.OSFile(str(path), "wb") as f:       # a native file: the writer never takes the GIL
        if header is not None:
            f.write((",".join(header) + "\n").encode())
        csv.write_csv(csv_ready(table), f, csv.WriteOptions(include_header=False, batch_size=CHUNK))


@dataclass
class ImportFiles:
    arguments: list[str]                            # neo4j-admin's --nodes and --relationships
    nodes: dict[str, int]                           # rows written per label
    relationships: dict[str, int]                   # rows written per relationship type
    multiline: list[str]                            # the files with a line break inside a field

    @property
    def multiline_arguments(self) -> list[str]:
        """neo4j-admin's multi-line parsing, when a file needs it. It is one switch for all files: the v2
        format's list of files still splits a listed file into 8 MiB chunks, even inside a quoted field."""
        return ["--multiline-fields=true"] if self.multiline else []


@dataclass(frozen=True)
class _Part:
    node: NodeType
    index: int
    path: Path
    first_id: int           # the import id of its first row


class _Ids:
    """Each label's id column (read once, when a relationship first needs it), to turn ids into import ids."""

    def __init__(self, org: OrgFolder, first: dict[str, int]) -> None:
        self.org, self.first, self.columns, self.lock = org, first, {}, Lock()

    def import_ids(self, label: str, ids: pa.Array) -> pa.Array:
        with self.lock:
            if label not in self.columns:
                self.columns[label] = self.org.table(self.org.schema.node(label), ["id"]).column("id").combine_chunks()
        return pc.add(pc.index_in(ids, value_set=self.columns[label]), self.first[label])


def write_import_files(org: OrgFolder, dest: Path, progress: Callable[[int], None] = lambda n: None,
                       threads: int | None = None) -> ImportFiles:
    """Write the org's CSV files under ``dest`` (replaced): neo4j-admin's ``--nodes`` and
    ``--relationships`` arguments (a header file first, then the parts) and the rows of each."""
    if "," in str(dest):
        raise CrmarenaError(f"neo4j-admin takes its files as comma-separated lists: {dest} has a comma in its path")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    parts, out = [], ImportFiles([], {}, {t: 0 for t in org.schema.relationship_types}, [])
    first, next_id = {}, 0
    for node in org.schema.nodes:
        header = dest / f"{node.label}.header.csv"
        header.write_text(",".join(node_header(node)) + "\n")
        files, first[node.label] = [header], next_id
        for i, path in enumerate(org.parts(node)):
            parts.append(_Part(node, i, path, next_id))
            files.append(dest / f"{node.label}.{i:05d}.csv")
            next_id += _num_rows(path)
        out.arguments.append(f"--nodes={node.label}=" + ",".join(map(str, files)))
        out.nodes[node.label] = next_id - first[node.label]
    for rel in org.schema.relationships:
        out.arguments.append(f"--relationships={rel.type}={_rel_file(dest, rel)}")
    ids, tally = _Ids(org, first), Lock()     # tally: guards ``out`` across the writer threads

    def node_part(part: _Part) -> None:
        columns = ["id"] + [p.name for p in part.node.properties]
        t = org.part_table(part.node, part.path, columns)
        t = t.add_column(0, "import_id", pa.array(np.arange(part.first_id, part.first_id + t.num_rows)))
        path = dest / f"{part.node.label}.{part.index:05d}.csv"
        write_csv(path, t)
        if _has_line_breaks(t):
            with tally:
                out.multiline.append(str(path))
        progress(t.num_rows)

    def relationship(rel: Relationship) -> None:
        fk = org.table(org.schema.node(rel.source), [rel.column]).column(rel.column)
        start = pc.add(pc.indices_nonzero(pc.is_valid(fk)), first[rel.source])
        targets = pc.drop_null(fk)
        end = ids.import_ids(rel.target, targets)
        if end.null_count:
            missing = pc.filter(targets, pc.is_null(end))[0].as_py()
            raise CrmarenaError(f"{rel.source}.{rel.column} names {end.null_count:,} {rel.target} id(s) that no "
                                f"{rel.target} has (e.g. {missing!r}): the org's tables do not fit together")
        write_csv(_rel_file(dest, rel), pa.table({"start": start, "end": end}), rel_header(rel))
        with tally:
            out.relationships[rel.type] += len(end)
        progress(len(end))

    with ThreadPoolExecutor(threads or os.cpu_count() or 1) as pool:   # Arrow works without the GIL
        futures = [pool.submit(node_part, p) for p in parts]
        futures += [pool.submit(relationship, r) for r in org.schema.relationships]
        try:
            for done in as_completed(futures):
                done.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return out


def _has_line_breaks(t: pa.Table) -> bool:
    return any(pc.any(pc.match_substring_regex(col, r"[\r\n]")).as_py() for col in t.columns
               if pa.types.is_string(col.type) and col.null_count < len(col))


def _rel_file(dest: Path, rel: Relationship) -> Path:
    return dest / f"{rel.source}.{rel.type}.{rel.target}.csv"


def _num_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows
