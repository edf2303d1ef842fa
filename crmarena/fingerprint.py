"""The org fingerprint: one identity per org, used wherever the org's identity matters.

``fingerprint = sha256(config hash, every table's content)[:16]`` over the org folder's
``<Label>.parquet`` tables and its ``latents/*.parquet`` ground truth. A table's content digest is
taken row by row (pandas' stable per-row hash of every column, fed in row order), so it depends on
the values only — not on Parquet encoding, row groups or how the rows were chunked when written.

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

from crmarena.errors import CrmarenaError

MANIFEST = "manifest.json"
LENGTH = 16                 # hex characters kept (64 bits): an identity, not a security boundary
BATCH_ROWS = 65_536
NO_CONFIG = "none"          # an org folder without a manifest (made by hand or by a test)


def table_digest(path: Path) -> str:
    """sha256 of a Parquet table's column names and row values (independent of its encoding, and of
    whether it is one file or a dataset folder of parts: the parts' rows are fed in part order)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crmarena.files import parquet_parts

    h = hashlib.sha256()
    files = [pq.ParquetFile(p) for p in parquet_parts(path)]
    schema = files[0].schema_arrow
    h.update(json.dumps(schema.names).encode())
    nested = {fld.name for fld in schema if pa.types.is_nested(fld.type)}
    for batch in (b for f in files for b in f.iter_batches(batch_size=BATCH_ROWS)):
        if nested:
            flat = batch.select([n for n in batch.schema.names if n not in nested]).to_pandas()
            parts = {}
            for name in batch.schema.names:
                parts |= _nested_columns(name, batch.column(name)) if name in nested else {name: flat[name]}
            frame = pd.DataFrame(parts)
        else:
            frame = batch.to_pandas()
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _nested_columns(name: str, col) -> dict:
    """A fixed-size list of numbers without nulls: one column per position (``name[j]``); any other
    list or struct column: each cell's JSON text."""
    import pyarrow as pa

    t = col.type
    if pa.types.is_fixed_size_list(t) and (pa.types.is_floating(t.value_type) or pa.types.is_integer(t.value_type)) \
            and col.null_count == 0 and col.flatten().null_count == 0:
        values = col.flatten().to_numpy(zero_copy_only=False).reshape(len(col), t.list_size)
        return {f"{name}[{j}]": values[:, j] for j in range(t.list_size)}
    return {name: [None if v is None else json.dumps(_plain(v), sort_keys=True, default=str) for v in col.to_pylist()]}


def _plain(v):
    return v if not isinstance(v, (list, tuple)) else [_plain(x) for x in v]


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
