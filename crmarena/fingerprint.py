"""The org fingerprint: one identity per org, used wherever the org's identity matters.

``fingerprint = sha256(config hash, every table's content digest)[:16]`` over the org folder's
``<Label>.parquet`` tables and its ``latents/*.parquet`` ground truth. A table's content digest is
taken column by column over its values in row order (``TableHasher``: xxh3-128 streams, about ten
times sha256's speed; an identity, not a security boundary), so it depends on the values
only — not on Parquet encoding, row groups or how the rows were chunked when written. The writer
computes it as it writes; ``org_fingerprint(verify=True)`` recomputes it from the files.

- ``crmarena simulate`` writes it into ``manifest.json`` (:func:`compute_fingerprint`);
- ``crmarena load`` checks the tables still match the manifest and stores it with the graph, on both
  stores, as the one ``(:CrmarenaOrg {fingerprint})`` node (:mod:`crmarena.store.org_meta`);
- ``crmarena tasks`` stamps it into every task record (``org_fingerprint``), ``run`` into ``run.json``;
- ``run``, ``eval``, ``bench tasks`` and the studies refuse a store or org whose fingerprint differs
  from the task file's (:func:`check_same_org`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import xxhash

from crmarena.errors import CrmarenaError

MANIFEST = "manifest.json"
LENGTH = 16                 # hex characters kept (64 bits): an identity, not a security boundary
BATCH_ROWS = 65_536
NO_CONFIG = "none"          # an org folder without a manifest (made by hand or by a test)


def table_digest(path: Path) -> str:
    """The content digest of a Parquet table's column names and values (independent of its encoding and row
    groups). A dataset folder's digest is the digest of its parts' digests, in part order: the parts
    are the org's blocks, the same for any number of workers."""
    import pyarrow.parquet as pq

    from crmarena.files import parquet_parts

    digests = []
    for part in parquet_parts(path):
        f = pq.ParquetFile(part)
        h = TableHasher(f.schema_arrow.names)
        for batch in f.iter_batches(batch_size=BATCH_ROWS):
            h.update(batch)
        digests.append(h.hexdigest())
    return digests[0] if Path(path).is_file() else combine_parts(digests)


def combine_parts(digests: list[str]) -> str:
    return hashlib.sha256(json.dumps(digests).encode()).hexdigest()


class TableHasher:
    """The content digest of a table fed in batches (any batching gives the same digest): per column,
    three xxh3-128 streams over the row numbers of its nulls, its value lengths and its value bytes,
    each fed in row order. Fed by the writer as the tables are written (the manifest's fingerprint) and by
    ``table_digest`` from the files (a check); both see the same values."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self.rows = 0
        self._columns: dict[str, _Column] = {}

    def update(self, batch) -> None:
        if list(batch.schema.names) != self.names:
            raise ValueError(f"batch columns {batch.schema.names} differ from {self.names}")
        self.rows += batch.num_rows
        for name in self.names:
            self._columns.setdefault(name, _Column()).feed(batch.column(name))

    def hexdigest(self) -> str:
        h = hashlib.sha256(json.dumps([self.names, self.rows]).encode())
        for name in self.names:
            h.update(self._columns.setdefault(name, _Column()).digest())
        return h.hexdigest()


class _Column:
    """Three streams per column, each fed in row order (so any batching gives the same bytes): the
    row numbers of the nulls (nothing for a column without nulls), value lengths (strings, lists),
    value bytes; a list's values are a child column."""

    def __init__(self):
        self.nulls, self.lengths, self.data = xxhash.xxh3_128(), xxhash.xxh3_128(), xxhash.xxh3_128()
        self.rows = 0
        self.children: list[_Column] = []

    def digest(self) -> bytes:
        return b"".join(h.digest() for h in (self.nulls, self.lengths, self.data)) \
            + b"".join(c.digest() for c in self.children)

    def _child(self, i: int) -> "_Column":
        while len(self.children) <= i:
            self.children.append(_Column())
        return self.children[i]

    def feed(self, col) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
        for arr in chunks:
            t = arr.type
            if pa.types.is_dictionary(t):
                arr, t = arr.dictionary_decode(), t.value_type
            if arr.null_count:
                rows = np.flatnonzero(np.asarray(arr.is_null(), bool)) + self.rows
                self.nulls.update(rows.astype(np.int64))
            self.rows += len(arr)
            if pa.types.is_string(t) or pa.types.is_binary(t) or pa.types.is_large_string(t) \
                    or pa.types.is_large_binary(t):
                wide = pa.types.is_large_string(t) or pa.types.is_large_binary(t)
                off = _offsets(arr, wide)
                lengths = np.diff(off)
                if arr.null_count and lengths[np.asarray(arr.is_null(), bool)].any():   # a null slot holding bytes
                    arr = pc.fill_null(arr, "" if pa.types.is_string(t) or pa.types.is_large_string(t) else b"")
                    off = _offsets(arr, wide)
                    lengths = np.diff(off)
                self.lengths.update(lengths.astype(np.int64))      # nulls as empty values
                if len(arr) and arr.buffers()[2] is not None:
                    self.data.update(memoryview(arr.buffers()[2])[int(off[0]):int(off[-1])])
            elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
                if not pa.types.is_fixed_size_list(t):
                    self.lengths.update(np.ascontiguousarray(pc.fill_null(pc.list_value_length(arr), 0), np.int64))
                self._child(0).feed(arr.flatten())
            elif pa.types.is_struct(t):
                for i in range(t.num_fields):
                    self._child(i).feed(arr.field(i))
            elif pa.types.is_boolean(t):
                self.data.update(np.ascontiguousarray(pc.fill_null(arr, False), np.uint8))
            else:       # fixed-width numbers and times: their integer or float bits, nulls as 0
                if pa.types.is_temporal(t):
                    arr = arr.view(pa.int64() if t.bit_width == 64 else pa.int32())
                if arr.null_count:
                    arr = pc.fill_null(arr, pa.scalar(0, arr.type))
                self.data.update(np.ascontiguousarray(arr.to_numpy(zero_copy_only=False)))


def _offsets(arr, wide: bool):
    """A string or binary array's value offsets (its ``len + 1`` slice of the offsets buffer)."""
    import numpy as np

    return np.frombuffer(arr.buffers()[1], np.int64 if wide else np.int32)[arr.offset:arr.offset + len(arr) + 1]


def org_tables(org_dir: Path) -> list[Path]:
    """The folder's graph tables and latent tables, in a fixed order."""
    return sorted(org_dir.glob("*.parquet")) + sorted((org_dir / "latents").glob("*.parquet"))


def compute_fingerprint(org_dir: str | Path, config_hash: str | None) -> str:
    """The fingerprint of the tables in ``org_dir`` under ``config_hash`` (the manifest's)."""
    root = Path(org_dir)
    try:
        tables = {p.relative_to(root).as_posix(): table_digest(p) for p in org_tables(root)}
    except OSError as e:
        raise CrmarenaError(f"cannot read the tables of {root} for its fingerprint: {e}") from None
    return fingerprint_of(tables, config_hash)


def fingerprint_of(tables: dict[str, str], config_hash: str | None) -> str:
    """The fingerprint from each table's digest (keyed by its path in the org folder)."""
    blob = json.dumps({"config": config_hash or NO_CONFIG, "tables": tables}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:LENGTH]


def _manifest(org_dir: Path) -> dict:
    from crmarena.files import read_json_object

    path = org_dir / MANIFEST
    return read_json_object(path, "org manifest") if path.is_file() else {}


def manifest_fingerprint(org_dir: str | Path) -> str | None:
    """The fingerprint ``manifest.json`` records (None for a folder without one)."""
    fp = _manifest(Path(org_dir)).get("fingerprint")
    if fp is not None and not isinstance(fp, str):
        raise CrmarenaError(f"{Path(org_dir) / MANIFEST}: 'fingerprint' must be a string, got {fp!r}")
    return fp


def org_fingerprint(org_dir: str | Path, *, verify: bool = False) -> str:
    """The org's fingerprint: the manifest's (recomputed and compared with the tables when ``verify``),
    or computed from the tables for a folder whose manifest has none."""
    root = Path(org_dir)
    manifest = _manifest(root)
    recorded = manifest_fingerprint(root)
    if recorded and not verify:
        return recorded
    actual = compute_fingerprint(root, manifest.get("config_hash"))
    if recorded and actual != recorded:
        raise CrmarenaError(f"the tables of {root} are not the org its manifest describes (fingerprint "
                            f"{recorded} in {MANIFEST}, {actual} from the tables): the folder was changed "
                            "after 'crmarena simulate'; simulate it again")
    return actual


def check_same_org(want: str, have: str | None, *, want_from: str, have_from: str, hint: str = "") -> None:
    """One line naming both fingerprints and where each came from, when they differ."""
    if have == want:
        return
    found = f"org {have}" if have else "no org fingerprint (an org loaded before fingerprints; load it again)"
    raise CrmarenaError(f"{want_from} belongs to org {want}, but {have_from} holds {found}"
                        + (f": {hint}" if hint else ""))
