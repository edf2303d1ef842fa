"""Validated reading and writing of the files commands take and make.

Every reader turns a missing, unreadable, binary, non-UTF-8, truncated or wrong-shaped file into one
``CrmarenaError`` line naming the file and what is wrong. The kinds built on these: simulator configs
(``simulator.config.load_config``), task files (``queries.runner.read_jsonl``), run folders' ``run.json``
(``agents.rundir.read_manifest``), org manifests and Parquet tables (``read_parquet`` / ``read_frame``).

Writers check the target first (``check_out_file``) and write to a temporary file renamed into place, so
an unwritable ``--out`` is one line before any work and a failure never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmarena.errors import CrmarenaError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def _why(e: OSError) -> str:
    return e.strerror or type(e).__name__


def read_text(path: str | os.PathLike, what: str) -> str:
    """The UTF-8 text of ``path``; ``what`` names the kind of file in the message ("the task file")."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise CrmarenaError(f"{what} {p} is a folder, not a file") from None
    except OSError as e:
        raise CrmarenaError(f"cannot read {what} {p}: {_why(e)}") from None
    if b"\x00" in data:
        raise CrmarenaError(f"{what} {p} is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CrmarenaError(f"{what} {p} is not UTF-8 text (bad byte at offset {e.start})") from None


def load_yaml(text):
    """The values of the project's own YAML (text or an open file), parsed by libyaml when PyYAML has
    it (the same values as ``yaml.safe_load``, about 10x faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_yaml_mapping(path: str | os.PathLike, what: str) -> dict[str, Any]:
    """A YAML file holding one mapping (an empty file is an empty mapping)."""
    import yaml

    text = read_text(path, what)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise CrmarenaError(f"{what} {path} is not valid YAML: {str(e).splitlines()[0]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CrmarenaError(f"{what} {path} must be a YAML mapping of settings, not a {type(data).__name__}")
    return data


def read_json_object(path: str | os.PathLike, what: str) -> dict[str, Any]:
    """A JSON file holding one object."""
    text = read_text(path, what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CrmarenaError(f"{what} {path} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    if not isinstance(data, dict):
        raise CrmarenaError(f"{what} {path} must hold a JSON object, not a {type(data).__name__}")
    return data


def parquet_parts(path: str | os.PathLike) -> list[Path]:
    """The files of a Parquet table: ``path`` itself, or the ``part-*.parquet`` files of a dataset
    folder (an org table of several blocks) in part order."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.exists():
        raise CrmarenaError(f"{p} is missing")
    parts = sorted(p.glob("part-*.parquet"))
    if not parts or not all(f.is_file() for f in parts):
        raise CrmarenaError(f"{p} is neither a Parquet file nor a dataset folder of part-*.parquet files")
    return parts


def check_parquet(path: Path, columns: list[str] | None) -> None:
    """Open the footer of ``path`` (every part of a dataset folder) and check it has ``columns``: the
    cheap half of a validated read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = None
    for f in parquet_parts(path):
        try:
            got = pq.ParquetFile(f).schema_arrow.names
        except (OSError, pa.ArrowException) as e:
            raise CrmarenaError(f"{f} is not a readable Parquet file (truncated or corrupted?): "
                                f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        if names is not None and got != names:
            raise CrmarenaError(f"{f} has other columns than the first part of {path}")
        names = got
    missing = [c for c in columns or () if c not in names]
    if missing:
        raise CrmarenaError(f"{path} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                            "(not the table it should be)")


def _corrupted(path: Path, e: Exception) -> CrmarenaError:
    why = str(e).splitlines()[0] if str(e) else type(e).__name__
    return CrmarenaError(f"{path} is a corrupted Parquet file: {why}")


def read_parquet(path: str | os.PathLike, columns: list[str] | None = None) -> "pa.Table":
    """The Arrow table of a Parquet file (``columns`` only, when given: each must exist)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = Path(path)
    check_parquet(p, columns)
    try:
        parts = [pq.read_table(f, columns=columns) for f in parquet_parts(p)]
        return parts[0] if len(parts) == 1 else pa.concat_tables(parts)
    except (OSError, pa.ArrowException) as e:
        raise _corrupted(p, e) from None


def read_frame(path: str | os.PathLike, columns: list[str] | None = None) -> "pd.DataFrame":
    """``pandas.read_parquet(path, columns=columns)``, validated the same way as :func:`read_parquet`."""
    import pandas as pd
    import pyarrow as pa

    p = Path(path)
    check_parquet(p, columns)
    try:
        parts = [pd.read_parquet(f, columns=columns) for f in parquet_parts(p)]
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    except (OSError, pa.ArrowException) as e:
        raise _corrupted(p, e) from None


def check_out_file(path: str | os.PathLike, flag: str = "--out") -> Path:
    """Fail now, in one line, if a file cannot be written at ``path`` (before any long work)."""
    out = Path(path)
    if out.is_dir():
        raise CrmarenaError(f"{flag} {out} is a folder; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise CrmarenaError(f"the folder of {flag} {out} does not exist")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".probe", dir=parent)
    except OSError as e:
        raise CrmarenaError(f"cannot write {flag} {out}: {_why(e)}") from None
    os.close(fd)
    os.unlink(probe)
    return out


def make_out_dir(path: str | os.PathLike, flag: str = "--out") -> Path:
    """Create the folder ``path`` (and its parents) or fail in one line saying why."""
    out = Path(path).expanduser()
    if out.exists() and not out.is_dir():
        raise CrmarenaError(f"{flag} {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CrmarenaError(f"cannot create {flag} folder {out}: {_why(e)}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CrmarenaError(f"cannot write in {flag} folder {out}: permission denied")
    return out


def write_text_atomic(path: str | os.PathLike, text: str, flag: str = "--out") -> Path:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    out = check_out_file(path, flag)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent if str(out.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise CrmarenaError(f"cannot write {flag} {out}: {_why(e)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
