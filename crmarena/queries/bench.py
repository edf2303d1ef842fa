"""``crmarena bench tasks``: time the gold answers of task instances on the embedded store and on
Neo4j: the configured server when it holds the org, else a private throwaway server it is loaded into.

The instances are curated on the org (on the embedded store, not timed as gold) or read from a task
file written by ``crmarena tasks``. Every instance's gold Cypher then runs on each backend, ``passes``
times (the first pass reads a cold cache, the last a warm one); the table reports each pass and
counts answers that differ from the curated (or the file's) gold answers.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from crmarena.errors import CrmarenaError
from crmarena.queries.orgdata import OrgData
from crmarena.tasks.registry import get_task
from crmarena.queries.runner import curate_tasks, read_jsonl
from crmarena.queries.task import Task


@dataclass(frozen=True)
class GoldCase:
    """One instance to time: its task, Cypher parameters and expected gold answer."""

    task: Task
    params: dict[str, Any]
    answer: list[str]


@dataclass(frozen=True)
class GoldTiming:
    backend: str
    instances: int
    passes: tuple[float, ...] = ()   # seconds of each pass over all instances
    differ: int = 0                  # answers of the last pass unlike the expected ones
    note: str = ""
    per_task: dict[str, float] = field(default_factory=dict)     # seconds per task, last pass

    @property
    def seconds(self) -> float:
        return self.passes[-1] if self.passes else 0.0

    @property
    def per_instance_ms(self) -> float:
        return 1000 * self.seconds / self.instances if self.instances else 0.0


def simulate(out: Path, cases: int) -> Path:
    cmd = [sys.executable, "-m", "crmarena", "simulate", "--seed", "7", "--cases", str(cases), "--store", "none",
           "--out", str(out), "-q"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise CrmarenaError("simulate failed: " + ((p.stderr.strip().splitlines() or ["?"])[-1]))
    return out


def cases_from_file(path: str | Path, org: OrgData) -> list[GoldCase]:
    """The instances of a task file, their parameters typed back into Cypher parameters."""
    return [GoldCase(get_task(i.task), get_task(i.task).gold_params(i.parameters, org), i.answer)
            for i in read_jsonl(path)]


def time_gold(store, cases: list[GoldCase], passes: int) -> GoldTiming:
    """Run every case's gold Cypher ``passes`` times on ``store``."""
    seconds: list[float] = []
    for _ in range(passes):
        per_task: dict[str, float] = {}
        answers = []
        for case in cases:
            t0 = time.perf_counter()
            answers.append(case.task.answer(store.run(case.task.cypher, case.params)))
            per_task[case.task.name] = per_task.get(case.task.name, 0.0) + time.perf_counter() - t0
        seconds.append(sum(per_task.values()))
    differ = sum(a != c.answer for a, c in zip(answers, cases))
    return GoldTiming(store.backend, len(cases), tuple(seconds), differ, per_task=per_task)


def run_bench(org_dir: str | None, cases: int, per_task: int, seed: int, use_neo4j: bool = True, *,
              tasks_file: str | None = None, passes: int = 2, log=print) -> tuple[list[GoldTiming], dict]:
    from crmarena.queries.stores import open_task_store

    if tasks_file and org_dir is None:
        raise CrmarenaError("--tasks needs --org: the org the task file was curated on")
    facts: dict = {}
    with tempfile.TemporaryDirectory(prefix="crmarena-bench-tasks-") as tmp:
        if org_dir is None:
            log(f"simulating an org with {cases:,} cases ...")
            t0 = time.perf_counter()
            org = simulate(Path(tmp) / "org", cases)
            facts["simulate_s"] = time.perf_counter() - t0
        else:
            org = Path(org_dir)
        facts["org"] = str(org)
        mine = org_dir is None          # a throwaway org: never the user's "last org"
        with open_task_store(org, "embedded", remember=not mine) as store:
            if tasks_file:
                gold_cases = cases_from_file(tasks_file, OrgData(org))
            else:
                t0 = time.perf_counter()
                gold_cases = [GoldCase(b.task, c.draft.params, c.answer)
                              for b in curate_tasks(org, store, per_task=per_task, seed=seed) for c in b.kept]
                facts["curate_s"] = time.perf_counter() - t0
            timings = [time_gold(store, gold_cases, passes)]
        if not use_neo4j:
            return timings + [GoldTiming("neo4j", 0, note="not measured (--no-neo4j)")], facts
        try:
            with neo4j_holding(Path(org), facts, log) as neo:
                timings.append(dataclasses.replace(time_gold(neo, gold_cases, passes), note=facts["neo4j_server"]))
        except CrmarenaError as e:
            timings.append(GoldTiming("neo4j", 0, note=f"not measured: {e}"))
    return timings, facts


@contextmanager
def neo4j_holding(org: Path, facts: dict, log) -> Iterator:
    """A Neo4j store holding ``org``: the configured server when it already does (e.g. after ``crmarena
    load ORG --store neo4j --admin-import``), else a private throwaway server the org is loaded into, so
    the user's graph is never replaced by a benchmark's."""
    from crmarena.fingerprint import check_same_org, org_fingerprint
    from crmarena.store import load_org, open_store

    neo = None
    try:
        neo = open_store("neo4j")
        check_same_org(org_fingerprint(org), neo.org_fingerprint(), want_from=f"the org folder {org.resolve()}",
                       have_from="the configured Neo4j server")
    except CrmarenaError as e:
        if neo is not None:
            neo.close()
        reason = str(e)
    else:
        facts["neo4j_server"] = f"configured server {neo.settings.uri}, which holds the org"
        try:
            yield neo
        finally:
            neo.close()
        return
    from crmarena.store.server.private import private_server

    log(f"timing Neo4j on a private throwaway server (the configured one: {reason})")
    with private_server(progress=log) as srv:
        t0 = time.perf_counter()
        load_org(org, "neo4j", settings=srv.settings, quiet=True, remember=False)
        facts["neo4j_load_s"] = time.perf_counter() - t0
        facts["neo4j_server"] = (f"private server (set up in {srv.setup_s:.0f} s, org loaded in "
                                 f"{facts['neo4j_load_s']:.0f} s, removed after)")
        with open_store("neo4j", settings=srv.settings) as neo:
            yield neo
