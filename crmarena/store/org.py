"""An org folder as the store reads it: one Parquet table per label, relationships from FK columns.

Also remembers the last org loaded (``last_org``), so ``crmarena query`` finds it without ``--org``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from crmarena.errors import CrmarenaError
from crmarena.graph_schema import GraphSchema, NodeType, Relationship, load_schema
from crmarena.graph_schema.arrow import arrow_schema, table_file

DB_FILE = "graph.lbug"          # the embedded database, inside the org folder
SEARCH_DIR = "graph.search"     # its full-text (BM25) indexes, beside it


@dataclass(frozen=True)
class OrgFolder:
    path: Path
    schema: GraphSchema
    kind: str = "b2c"     # the manifest's org kind (which kind-specific columns its tables hold)

    def table(self, node: NodeType, columns: list[str] | None = None) -> pa.Table:
        """The label's table with exactly the schema's columns (every kind's) and types: the columns of
        the other org kind are all null. ``columns``: only those (in that order)."""
        return self._read(node, self.path / table_file(node.label), columns)

    def parts(self, node: NodeType) -> list[Path]:
        """The files of the label's table, in row order (one, or one per block of a blocked org)."""
        from crmarena.files import parquet_parts

        return parquet_parts(self.path / table_file(node.label))

    def part_table(self, node: NodeType, part: Path, columns: list[str] | None = None) -> pa.Table:
        """One of :meth:`parts`' files, conformed as :meth:`table` conforms the whole."""
        return self._read(node, part, columns)

    def _read(self, node: NodeType, path: Path, columns: list[str] | None) -> pa.Table:
        from crmarena.files import read_parquet

        return self._conform(node, read_parquet(path, self._own(node, columns)), path, columns)

    def _own(self, node: NodeType, columns: list[str] | None) -> list[str] | None:
        """The asked columns this org kind's file holds (None: all)."""
        if columns is None:
            return None
        own = set(arrow_schema(node, self.kind).names)
        return [c for c in columns if c in own]

    def _conform(self, node: NodeType, t: pa.Table, f: Path, columns: list[str] | None) -> pa.Table:
        full = arrow_schema(node)
        want = full if columns is None else pa.schema([full.field(c) for c in columns])
        own = set(arrow_schema(node, self.kind).names)
        missing = [n for n in own if n in want.names and n not in t.column_names]
        if missing:
            raise CrmarenaError(f"{f} lacks the columns {', '.join(sorted(missing))} of {node.label}")
        for field in want:
            if field.name not in own and field.name not in t.column_names:
                t = t.append_column(field.name, pa.nulls(t.num_rows, field.type))
        try:
            return t.select(want.names).cast(want)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise CrmarenaError(f"{f} has columns of the wrong type for {node.label}: {e}") from None

    def check_tables(self) -> None:
        """Every table's footer readable and holding the schema's columns (cheap: no data pages read)."""
        from crmarena.files import check_parquet

        for node in self.schema.nodes:
            check_parquet(self.path / table_file(node.label), arrow_schema(node, self.kind).names)

    def rel_table(self, table: pa.Table, rel: Relationship) -> pa.Table:
        """``from``/``to`` id pairs of one relationship: the rows whose FK column is set."""
        fk = table.column(rel.column)
        keep = pc.is_valid(fk)
        return pa.table({"from": pc.filter(table.column("id"), keep), "to": pc.filter(fk, keep)})

    @property
    def db_path(self) -> Path:
        return self.path / DB_FILE


def open_org(org_dir: str | os.PathLike) -> OrgFolder:
    path = Path(org_dir).expanduser().resolve()
    schema = load_schema()
    if not path.is_dir():
        raise CrmarenaError(f"org folder {path} does not exist")
    missing = [table_file(n.label) for n in schema.nodes if not (path / table_file(n.label)).exists()]
    if missing:
        raise CrmarenaError(f"{path} is not an org folder: missing {', '.join(missing[:4])}"
                            + (f" and {len(missing) - 4} more" if len(missing) > 4 else ""))
    org = OrgFolder(path, schema, org_kind(path))
    org.check_tables()
    return org


def org_kind(path: Path) -> str:
    """The org kind its manifest records (orgs written before kinds existed are b2c)."""
    import json

    from crmarena.graph_schema import ORG_KINDS

    f = path / "manifest.json"
    try:
        kind = json.loads(f.read_text(encoding="utf-8")).get("kind", "b2c") if f.is_file() else "b2c"
    except (OSError, ValueError, AttributeError):
        raise CrmarenaError(f"{f} is not a readable org manifest") from None
    if kind not in ORG_KINDS:
        raise CrmarenaError(f"{f}: unknown org kind {kind!r} (known: {', '.join(ORG_KINDS)})")
    return kind


def _state_file() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "crmarena" / "last_org"


def remember_org(path: Path) -> None:
    f = _state_file()
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_text(str(path) + "\n")
        os.replace(tmp, f)
    except OSError:
        pass  # remembering is a convenience; loading succeeded


def _known_file() -> Path:
    return _state_file().with_name("known_orgs.json")


def remember_fingerprint(fingerprint: str, path: Path) -> None:
    """Note which folder holds the org of ``fingerprint`` (for error messages that name it)."""
    import json

    f = _known_file()
    try:
        known = json.loads(f.read_text()) if f.is_file() else {}
        known = known if isinstance(known, dict) else {}
        known[fingerprint] = str(path)
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, f)
    except (OSError, ValueError):
        pass  # a convenience, like the last org


def known_folder(fingerprint: str | None) -> str | None:
    """The folder last loaded with this fingerprint on this machine, if any."""
    import json

    f = _known_file()
    try:
        known = json.loads(f.read_text()) if f.is_file() and fingerprint else {}
    except (OSError, ValueError):
        return None
    folder = known.get(fingerprint) if isinstance(known, dict) else None
    return folder if isinstance(folder, str) else None


def default_org() -> Path:
    """$CRMARENA_ORG, else the last org loaded, else a CrmarenaError saying how to choose one."""
    env = os.environ.get("CRMARENA_ORG")
    if env:
        return Path(env).expanduser()
    f = _state_file()
    if f.is_file():
        from crmarena.files import read_text

        text = read_text(f, "the last-org state file").strip()
        if text:
            return Path(text)
    raise CrmarenaError("no org chosen: pass --org DIR, set CRMARENA_ORG, or load one with 'crmarena load DIR'")
