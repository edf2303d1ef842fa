"""``crmarena bench all``: every stage of the pipeline on one org, measured in one run.

Each stage runs in a fresh child process, so its peak RSS is its own: simulate (PyMC latents, the
product) and simulate again with the numpy reference latents (the same generator: the floor PyMC is
compared with), both through ``crmarena bench simulate``'s pass (``simulator.bench.simulate_pass``,
imports included); then, as ``python -m crmarena.bench_all STAGE ARGS``: curate the task file, load the embedded store,
time the gold answers on it and, with Neo4j, load a private throwaway server over Bolt (unless told not
to: 20 minutes at 1M cases), then import the org into another with neo4j-admin and time the gold
answers there. Every stage's time is also given as a ratio to the numpy reference pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from crmarena.errors import CrmarenaError

SEED = 7


@dataclass(frozen=True)
class StageTiming:
    stage: str
    seconds: float
    rows: int              # rows written, loaded or gold answers computed
    unit: str              # what ``rows`` counts
    peak_rss_mb: float
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tasks(a: dict) -> list[dict]:
    from crmarena import pipeline

    t0 = time.perf_counter()
    r = pipeline.build_tasks(pipeline.TasksArgs.of(org=a["org"], out=a["tasks"], per_task=a["per_task"],
                                                   allow_shortfall=True))
    return [dict(stage="tasks (curation, embedded)", seconds=time.perf_counter() - t0, rows=len(r.instances),
                 unit="instances", note=f"short: {r.shortfall}" if r.shortfall else "")]


def _gold(store, a: dict, label: str) -> dict:
    from crmarena.queries.bench import cases_from_file, time_gold
    from crmarena.queries.orgdata import OrgData

    cases = cases_from_file(a["tasks"], OrgData(Path(a["org"])))
    g = time_gold(store, cases, passes=2)
    note = f"cold pass {g.passes[0]:.1f} s" + (f"; {g.differ} answers differ" if g.differ else "")
    return dict(stage=label, seconds=g.seconds, rows=g.instances, unit="gold answers", note=note)


def _embedded(a: dict) -> list[dict]:
    from crmarena.queries.stores import open_task_store
    from crmarena.store import load_org

    r = load_org(a["org"], "embedded", quiet=True, remember=False)
    load = dict(stage="load embedded (COPY FROM Parquet)", seconds=r.seconds, rows=r.rows, unit="rows")
    with open_task_store(Path(a["org"]), "embedded", quiet=True, remember=False) as store:
        return [load, _gold(store, a, "gold answers, embedded (warm pass)")]


def _bolt(a: dict) -> list[dict]:
    from crmarena.store import load_org
    from crmarena.store.server.private import private_server

    with private_server() as srv:
        r = load_org(a["org"], "neo4j", settings=srv.settings, quiet=True, remember=False)
    return [dict(stage="load Neo4j over Bolt (private server)", seconds=r.seconds, rows=r.rows, unit="rows",
                 note=f"server set up in {srv.setup_s:.1f} s")]


def _admin_import(a: dict) -> list[dict]:
    """neo4j-admin import into a private server, then the gold answers on it."""
    from crmarena.store import load_org, open_store
    from crmarena.store.server.private import private_server

    with private_server() as srv:
        r = load_org(a["org"], "neo4j", settings=srv.settings, quiet=True, remember=False, admin_import=True,
                     server_config=srv.config)
        out = [dict(stage="load Neo4j with neo4j-admin import (private server)", seconds=r.seconds, rows=r.rows,
                    unit="rows", note=r.notes[-1])]
        with open_store("neo4j", settings=srv.settings) as neo:
            return out + [_gold(neo, a, "gold answers, Neo4j (warm pass)")]


STAGES: dict[str, Callable[[dict], list[dict]]] = {"tasks": _tasks, "embedded": _embedded, "bolt": _bolt,
                                                   "admin-import": _admin_import}


def _child(stage: str, args: dict) -> list[StageTiming]:
    p = subprocess.run([sys.executable, "-m", "crmarena.bench_all", stage, json.dumps(args)],
                       capture_output=True, text=True)
    if p.returncode:
        last = (p.stderr.strip().splitlines() or ["?"])[-1]
        raise CrmarenaError(f"bench all: stage {stage} failed: {last}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    return [StageTiming(**row, peak_rss_mb=out["peak_rss_mb"]) for row in out["rows"]]


def _simulate(backend: str, cases: int, out: Path, partitions: int = 1) -> StageTiming:
    from crmarena.simulator.bench import simulate_pass

    p = simulate_pass(backend, cases, "crmarena", SEED, out, partitions)
    label = "simulate (PyMC latents)" if backend == "pymc" else "simulate (numpy reference latents)"
    if partitions > 1:
        label = f"simulate (PyMC latents, {partitions} Dask partitions)"
    return StageTiming(label, p.total_s, p.rows, "rows", p.peak_rss_mb,
                       "imports included" + (", cluster start included; peak of the largest worker" if partitions > 1 else ""))


def run_bench_all(cases: int, workdir: Path, per_task: int = 130, neo4j: bool = False,
                  log: Callable[[str], None] = lambda m: None, partitions: int = 1,
                  bolt: bool = True) -> list[StageTiming]:
    """The stages in order on one org of ``cases`` cases (``--ratios crmarena``, seed 7) under ``workdir``;
    ``partitions`` > 1 adds a simulate pass on that many Dask workers (the same org); ``neo4j`` adds
    neo4j-admin import with the gold answers on it and, with ``bolt``, a load over Bolt."""
    import shutil

    org, ref, tasks = workdir / "org", workdir / "org-numpy", workdir / "tasks.jsonl"
    log("bench all: simulate (numpy reference latents) ...")
    out = [_simulate("numpy", cases, ref)]
    shutil.rmtree(ref, ignore_errors=True)          # only its time is needed
    log("bench all: simulate (PyMC latents) ...")
    out.append(_simulate("pymc", cases, org))
    if partitions > 1:
        log(f"bench all: simulate on {partitions} partitions ...")
        out.append(_simulate("pymc", cases, workdir / "org-partitioned", partitions))
        shutil.rmtree(workdir / "org-partitioned", ignore_errors=True)
    plan = [("tasks", dict(org=str(org), tasks=str(tasks), per_task=per_task)),
            ("embedded", dict(org=str(org), tasks=str(tasks)))]
    plan += [("bolt", dict(org=str(org)))] if neo4j and bolt else []
    plan += [("admin-import", dict(org=str(org), tasks=str(tasks)))] if neo4j else []
    for stage, args in plan:
        log(f"bench all: {stage} ...")
        out += _child(stage, args)
    return out


def main(argv: list[str]) -> None:
    stage, args = argv[0], json.loads(argv[1])
    rows = STAGES[stage](args)
    print(json.dumps({"rows": rows, "peak_rss_mb": _rss_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
