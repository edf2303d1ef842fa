"""Atomic org folder writes: Parquet per object, latents, manifest — all or nothing.

``OrgWriter`` writes into a hidden sibling folder while the org is generated (tables are handed
over as soon as they exist, possibly in chunks, and written by a background thread so memory is
freed early); ``finish`` adds the manifest (with the org fingerprint of the written tables, in place in the dict) and renames the folder over the target in one step (an
existing org there is replaced; any other non-empty folder is refused). On any error the partial
folder is removed and the target is untouched. Parquet settings are fixed (zstd, dictionary only
on low-cardinality columns, statistics on non-text columns, 1M-row groups, no timestamps in metadata), so the same
tables give the same bytes in every run and process.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crmarena.errors import CrmarenaError, ServiceError
from crmarena.fingerprint import TableHasher, combine_parts, fingerprint_of

MANIFEST = "manifest.json"
LATENTS_DIR = "latents"
ROW_GROUP = 1 << 20
PENDING = 4                 # tables (or chunks) queued for the writer thread at most
PARQUET = dict(compression="zstd", compression_level=1, version="2.6",
               data_page_version="1.0")


def dictionary_columns(table: pa.Table) -> list[str]:
    """String columns with few distinct values in their first 5,000 rows (states, statuses, names)."""
    out = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_string(col.type) and len(col):
            head = col.slice(0, 5_000)
            if pc.count_distinct(head).as_py() <= max(64, len(head) // 20):
                out.append(name)
    return out


def statistics_columns(table: pa.Table) -> list[str]:
    """Columns given min/max statistics: numbers, flags and times (on ids and texts they cost a fifth
    of the writing and serve no reader)."""
    return [f.name for f in table.schema if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]


def check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CrmarenaError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise CrmarenaError(f"{out} is a non-empty folder that is not a simulated org; choose another --out")


def versions() -> dict[str, str]:
    """Versions of the packages that shape the bytes (read from metadata: nothing is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    out = {name: v(name) for name in ("crmarena", "numpy", "pyarrow", "pymc", "pytensor", "faker")}
    return {"python": platform.python_version(), **out}


def part_path(root: Path, name: str, part: int = 0, parts: int = 1) -> Path:
    """``<name>.parquet`` for a table of one part; ``<name>.parquet/part-NNNNN.parquet`` (a Parquet
    dataset folder, read whole by pyarrow.dataset, pandas and Dask) for one part of several."""
    if parts == 1:
        return root / f"{name}.parquet"
    return root / f"{name}.parquet" / f"part-{part:05d}.parquet"


class PartSink:
    """Writes tables (or their chunks, in order) into Parquet files under ``root``, synchronously:
    the writer of one block in a worker process, and the writing half of ``OrgWriter``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._open: dict[tuple[str, int], tuple[pq.ParquetWriter, TableHasher]] = {}
        self.digests: dict[tuple[str, int], str] = {}    # (name, part) -> content digest of what was written
        self.parts: dict[str, int] = {}                  # name -> its number of parts

    def __call__(self, name: str, table: pa.Table, last: bool = True, part: int = 0, parts: int = 1) -> None:
        open_ = self._open.get((name, part))
        if open_ is None:
            path = part_path(self.root, name, part, parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            open_ = (pq.ParquetWriter(str(path), table.schema, use_dictionary=dictionary_columns(table),
                                      write_statistics=statistics_columns(table), **PARQUET),
                     TableHasher(table.schema.names))
            self._open[(name, part)] = open_
            self.parts[name] = parts
        w, h = open_
        w.write_table(table, row_group_size=ROW_GROUP)
        h.update(table)
        if last:
            w.close()
            del self._open[(name, part)]
            self.digests[(name, part)] = h.hexdigest()

    def close(self) -> None:
        """Close what a failure left open (best effort)."""
        for w, _ in self._open.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 (best effort while failing)
                pass
        self._open.clear()


class OrgWriter:
    def __init__(self, out: Path, threads: int = 1):
        self.out = Path(out).expanduser().resolve()
        check_target(self.out)
        self.tmp = self.out.parent / f".{self.out.name}.partial-{os.getpid()}"
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            if self.tmp.exists():
                shutil.rmtree(self.tmp)
            (self.tmp / LATENTS_DIR).mkdir(parents=True)
        except OSError as e:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise CrmarenaError(f"cannot write the org to --out {self.out}: {e.strerror or e}") from None
        self._pool = ThreadPoolExecutor(threads)
        self._jobs: list = []
        self._sink = PartSink(self.tmp)
        self.rows: dict[str, int] = {}

    def write(self, name: str, table: pa.Table, last: bool = True, part: int = 0, parts: int = 1) -> None:
        """Queue ``table`` (or one chunk of it) for ``<name>.parquet`` (``latents/x`` for latents), or
        for part ``part`` of its ``parts``."""
        self.rows[name] = self.rows.get(name, 0) + table.num_rows
        self._jobs.append(self._pool.submit(self._sink, name, table, last, part, parts))
        while len(self._jobs) > PENDING:       # back-pressure: at most PENDING tables wait in memory
            self._wait(self._jobs.pop(0))

    def _wait(self, job) -> None:
        try:
            job.result()
        except OSError as e:
            raise ServiceError(f"writing the org to {self.out} failed: {e.strerror or e}") from None

    def add_parts(self, digests: dict[tuple[str, int], str], parts: dict[str, int]) -> None:
        """Digests of parts written elsewhere (by Dask workers) into this org's folder."""
        self._sink.digests.update(digests)
        self._sink.parts.update(parts)

    def table_digests(self) -> dict[str, str]:
        """Path in the org folder -> content digest, as ``fingerprint.table_digest`` gives from the files."""
        by_name: dict[str, dict[int, str]] = {}
        for (name, part), d in self._sink.digests.items():
            by_name.setdefault(name, {})[part] = d
        out = {}
        for name, got in by_name.items():
            parts = self._sink.parts[name]
            if sorted(got) != list(range(parts)):
                raise ServiceError(f"{name}: parts {sorted(got)} of {parts} were written")
            out[part_path(Path(), name).as_posix()] = got[0] if parts == 1 else combine_parts([got[p] for p in range(parts)])
        return out

    def drain(self) -> None:
        """Wait for the queued writes (raising the first failure)."""
        while self._jobs:
            self._wait(self._jobs.pop(0))

    def finish(self, manifest: dict) -> Path:
        try:
            return self._finish(manifest)
        except OSError as e:       # disk full, a folder removed under us: a runtime failure (exit 3), not bad input
            raise ServiceError(f"writing the org to {self.out} failed: {e.strerror or e}") from None

    def _finish(self, manifest: dict) -> Path:
        self.drain()
        self._pool.shutdown()
        manifest["fingerprint"] = fingerprint_of(self.table_digests(), manifest.get("config_hash"))
        (self.tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            self.out.rename(old)
        self.tmp.rename(self.out)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        return self.out

    def abort(self) -> None:
        for j in self._jobs:
            j.cancel()
        self._pool.shutdown(wait=True)
        self._sink.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
