"""``crmarena load`` and ``crmarena query``: put an org into a store and read it with Cypher."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import max_rows_type, timeout_type


@click.command("load")
@click.argument("org_dir", type=click.Path(file_okay=False))
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--admin-import", is_flag=True, help="Neo4j only: neo4j-admin import into a stopped local database.")
@quiet_option
def load(org_dir: str, store: str, admin_import: bool) -> None:
    """Load a simulated org folder into a store (idempotent)."""
    from crmarena.cli.console import err_console, is_quiet
    from crmarena.store import load_org

    report = load_org(org_dir, store, quiet=is_quiet(), admin_import=admin_import)
    console = err_console()
    for note in report.notes:
        console.print(note)
    console.print(report.summary())


INT64 = 2**63


def _param(text: str):
    """``k=v``: v parsed as JSON when it is (numbers, booleans, null, lists, quoted strings), else a string.

    ISO datetimes with a time zone (``2024-01-31T00:00:00Z``) become datetimes, ``2024-01-31`` a date;
    an impossible date or time, a non-finite number (NaN, 1e999) or an integer outside 64 bits is refused.
    """
    import json
    import re
    from datetime import date, datetime

    from crmarena.errors import CrmarenaError

    key, sep, raw = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        raise CrmarenaError(f"bad --param {text!r}: write NAME=VALUE")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return key, date.fromisoformat(raw)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:?\d{2})", raw):
            return key, datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as e:
        raise CrmarenaError(f"bad --param {key}: {raw!r} is not a valid date or datetime ({e})") from None
    try:
        value = json.loads(raw, parse_constant=lambda c: _non_finite(key, c))
    except json.JSONDecodeError:
        return key, raw
    _check_numbers(key, value)
    return key, value


def _non_finite(key: str, constant: str):
    from crmarena.errors import CrmarenaError

    raise CrmarenaError(f"bad --param {key}: {constant} is not a number Cypher parameters can hold")


def _check_numbers(key: str, value) -> None:
    """Every number inside ``value`` finite and every integer within 64 bits (what both stores hold)."""
    import math

    from crmarena.errors import CrmarenaError

    if isinstance(value, bool):
        return
    if isinstance(value, int) and not -INT64 <= value < INT64:
        raise CrmarenaError(f"bad --param {key}: {value} does not fit a 64-bit integer")
    if isinstance(value, float) and not math.isfinite(value):
        raise CrmarenaError(f"bad --param {key}: {value} is not a finite number")
    for v in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _check_numbers(key, v)


def _jsonable(v):
    from datetime import date, datetime

    if isinstance(v, (datetime, date)):
        return v.isoformat()
    raise TypeError(type(v).__name__)


@click.command("query")
@click.argument("cypher")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None, help="Org folder (embedded store).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--timeout", type=timeout_type(), default=30.0, show_default=True,
              help="Seconds before the query is stopped.")
@click.option("--max-rows", type=max_rows_type(), default=10_000, show_default=True,
              help="More rows than this is an error (add LIMIT).")
@quiet_option
def query(cypher: str, params: tuple[str, ...], store: str, org_dir: str | None, fmt: str, timeout: float,
          max_rows: int) -> None:
    """Run one read-only Cypher query; writes are refused.

    Without --org the embedded store reads $CRMARENA_ORG, else the org loaded last. The embedded
    engine runs in a child process (memory cap, wall-clock deadline), as for agents.
    """
    import csv
    import json
    import sys

    from crmarena.store import open_store

    from crmarena.store.base import store_description
    from crmarena.cli.console import err_console

    values = dict(_param(p) for p in params)
    with open_store(store, org_dir=org_dir, isolated=True) as s:
        rows = s.run(cypher, values, timeout=timeout, max_rows=max_rows)
        err_console().print(f"org: {store_description(s)} (fingerprint {s.org_fingerprint() or 'none recorded'})",
                            soft_wrap=True)
    if fmt == "json":
        click.echo(json.dumps(rows, default=_jsonable, ensure_ascii=False, indent=1))
        return
    columns = list(dict.fromkeys(k for r in rows for k in r))
    cell = (lambda v: "" if v is None else json.dumps(v, default=_jsonable, ensure_ascii=False)
            if isinstance(v, (list, dict)) else _jsonable(v) if hasattr(v, "isoformat") else str(v))
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in columns])
        return
    from rich.table import Table

    from crmarena.cli.console import err_console, out_console

    table = Table(*columns, show_lines=False)
    for r in rows:
        table.add_row(*[cell(r.get(c)) for c in columns])
    out_console().print(table)
    err_console().print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


COMMANDS = [load, query]
