"""``crmarena bench load``: bulk-load speed of the embedded store and of Neo4j.

Neo4j is measured on a private, throwaway server by default (:func:`crmarena.store.server.private.
private_server`: own home, free ports, removed after), so a benchmark never touches the user's data.
``server="configured"`` measures the user's configured server (NEO4J_URI ...) instead and wipes its
database first; callers must have the user's explicit consent (``--yes-wipe``).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store.load import LoadReport, load_org

SERVERS = ("private", "configured")
STORES = ("both", "embedded", "neo4j")


@dataclass(frozen=True)
class LoadRun:
    store: str
    server: str                             # where the store ran, in a few words
    method: str
    report: LoadReport


@dataclass
class LoadBench:
    cases: int
    write_s: float = 0.0                    # writing the synthetic org
    runs: list[LoadRun] = field(default_factory=list)
    neo4j_server: str | None = None         # which Neo4j server was measured, in a few words
    setup_s: float | None = None            # private server: set-up time (jars, ports, password, start)


def uses_neo4j(stores: str) -> bool:
    return stores in ("both", "neo4j")


def check_server_choice(stores: str, server: str, yes_wipe: bool) -> None:
    """Refuse to wipe the configured server without the user's explicit ``--yes-wipe``."""
    if stores not in STORES or server not in SERVERS:
        raise CrmarenaError(f"unknown --store {stores!r} or --server {server!r}")
    if uses_neo4j(stores) and server == "configured" and not yes_wipe:
        s = Neo4jSettings.from_env()
        raise CrmarenaError(f"--server configured deletes everything in database '{s.database}' of {s.uri}; "
                            "add --yes-wipe to allow that, or use --server private (the default)")


def run_load_bench(org: Path, cases: int, stores: str, server: str, quiet: bool,
                   log: Callable[[str], None]) -> LoadBench:
    """Write a synthetic org of ``cases`` cases into ``org`` and time loading it into ``stores``."""
    from crmarena.store.synthetic import write_synthetic_org

    bench = LoadBench(cases)
    t0 = time.perf_counter()
    write_synthetic_org(org, cases=cases, seed=1)
    bench.write_s = time.perf_counter() - t0
    log(f"wrote a synthetic org of {cases:,} cases in {bench.write_s:.1f} s")
    if stores in ("both", "embedded"):
        report = load_org(org, "embedded", quiet=quiet, remember=False)
        bench.runs.append(LoadRun("embedded", "in process", "COPY FROM Parquet", report))
    if uses_neo4j(stores):
        with neo4j_target(server, bench, log) as settings:
            for method in ("UNWIND+CREATE/MERGE, empty db", "re-load (MERGE, no change)"):
                report = load_org(org, "neo4j", settings=settings, quiet=quiet, remember=False)
                bench.runs.append(LoadRun("neo4j", bench.neo4j_server or "", method, report))
    return bench


@contextmanager
def neo4j_target(server: str, bench: LoadBench, log: Callable[[str], None]) -> Iterator[Neo4jSettings]:
    """Settings of an empty Neo4j database to load into: a private server's, or the configured one wiped."""
    if server == "private":
        from crmarena.store.server.private import private_server

        with private_server(progress=log) as srv:
            bench.setup_s = srv.setup_s
            jars = "" if srv.jars_s is None else f", jars cached in {srv.jars_s:.1f} s"
            bench.neo4j_server = f"private {srv.config.listen}:{srv.config.bolt_port}"
            log(f"private Neo4j server ({srv.agent}) ready on {srv.config.bolt_uri} in {srv.setup_s:.1f} s{jars}, "
                f"home {srv.config.home}")
            yield srv.settings
        return
    settings = Neo4jSettings.from_env()
    bench.neo4j_server = f"configured {settings.uri} db {settings.database} (wiped)"
    log(f"wiping database '{settings.database}' of {settings.uri} (--server configured --yes-wipe) ...")
    wipe(settings)
    yield settings


def wipe(settings: Neo4jSettings) -> None:
    """Delete every node and relationship of the settings' database."""
    from crmarena.store.neo4j_load import Neo4jLoader

    loader = Neo4jLoader(settings)
    try:
        loader.wipe()
    finally:
        loader.close()
