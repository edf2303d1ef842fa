"""``crmarena bench load`` never touches the user's Neo4j unless told to wipe it: flag validation (no
server needed) and, marked ``neo4j``/``slow``, a small run on the private throwaway server."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from crmarena.cli.main import main
from crmarena.errors import CrmarenaError
from crmarena.store.bench import check_server_choice

NOWHERE = "bolt://127.0.0.1:1"  # nothing listens there: any attempt to connect would fail loudly


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run ``crmarena ARGS`` in process; (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.mark.parametrize("stores", ["neo4j", "both"])
def test_configured_server_needs_yes_wipe(stores, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", NOWHERE)
    workdir = tmp_path / "work"
    code, out, err = run_cli(["bench", "load", "--cases", "5", "--store", stores, "--server", "configured",
                              "--workdir", str(workdir)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("crmarena: error: ") and err.count("\n") == 1
    assert "--yes-wipe" in err and NOWHERE in err
    assert not workdir.exists()  # refused before writing anything


def test_unknown_server_is_a_usage_error(capsys):
    code, _, err = run_cli(["bench", "load", "--server", "shared"], capsys)
    assert code == 2 and err.startswith("crmarena: error: ") and "--server" in err


def test_server_choice_rules(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", NOWHERE)
    check_server_choice("neo4j", "private", yes_wipe=False)
    check_server_choice("both", "configured", yes_wipe=True)
    check_server_choice("embedded", "configured", yes_wipe=False)  # Neo4j is not used at all
    with pytest.raises(CrmarenaError, match="--yes-wipe"):
        check_server_choice("both", "configured", yes_wipe=False)


def test_embedded_only_needs_no_server(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", NOWHERE)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(["bench", "load", "--cases", "20", "--store", "embedded", "--server", "configured",
                            "--workdir", str(tmp_path)], capsys)
    assert code == 0
    assert [r[:3] for r in _table_rows(out)] == [["embedded", "in process", "COPY FROM Parquet"]], out
    assert "neo4j" not in out


def test_private_server_helpers(tmp_path):
    from crmarena.store.server import port_in_use
    from crmarena.store.server.private import _claim, free_ports, sweep

    ports = free_ports("127.0.0.1")
    assert len(set(ports)) == 2 and not {7687, 7474} & set(ports)
    assert not any(port_in_use("127.0.0.1", p) for p in ports)
    homes = tmp_path / "homes"
    live, dead, unclaimed = (homes / f"home-{n}" for n in ("live", "dead", "unclaimed"))
    for h in (live, dead, unclaimed):
        h.mkdir(parents=True)
    _claim(dead).close()  # its process is gone: the lock is free
    claim = _claim(live)
    try:
        assert sweep(homes) == [dead]
    finally:
        claim.close()
    assert live.exists() and unclaimed.exists() and not dead.exists()


def _table_rows(out: str) -> list[list[str]]:
    """The cells of the body rows of a rich table."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]


def _shared_count(driver, settings) -> int:
    """Nodes in the shared server's database (a read-only query)."""
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.database,
                                         routing_="r")
    return records[0]["n"]


def _processes_of(home: str) -> list[int]:
    """Pids of processes whose command line mentions ``--home-dir=HOME``."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"--home-dir={home}".encode() in args:
            pids.append(int(proc.name))
    return pids


@pytest.mark.neo4j
@pytest.mark.slow
def test_bench_load_uses_a_private_server(neo4j_driver, neo4j_settings, monkeypatch, capsys):
    from crmarena.store.server import port_in_use

    monkeypatch.setenv("COLUMNS", "200")  # keep rich from wrapping the table
    before = _shared_count(neo4j_driver, neo4j_settings)
    code, out, err = run_cli(["bench", "load", "--cases", "300", "--store", "neo4j"], capsys)
    after = _shared_count(neo4j_driver, neo4j_settings)
    assert code == 0, err
    rows = [r for r in _table_rows(out) if r[0] == "neo4j"]
    assert len(rows) == 2 and all(int(r[-1].replace(",", "")) > 0 for r in rows), out  # rows/s
    assert {r[1] for r in rows} == {rows[0][1]} and rows[0][1].startswith("private 127.0.0.1:")
    assert "private Neo4j server: set up in" in out
    port = int(rows[0][1].rsplit(":", 1)[1])
    home = re.search(r"ready on bolt://127\.0\.0\.1:\d+ in .*, home (\S+)", err).group(1)
    assert f":{port}" not in neo4j_settings.uri
    assert not port_in_use("127.0.0.1", port)
    assert not _processes_of(home)
    assert not os.path.exists(home)
    assert after == before  # the shared server was only read
