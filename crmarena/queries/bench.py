"""``crmarena bench tasks``: time the gold answers of curated instances on the embedded store and on
Neo4j (when a server answers), on a given org or a freshly simulated one.

Curation runs once (on the embedded store, not timed as gold); then the gold Cypher of every kept
instance runs on each backend and is timed; answers that differ between backends are counted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from crmarena.errors import CrmarenaError
from crmarena.queries.runner import curate_tasks


@dataclass(frozen=True)
class GoldTiming:
    backend: str
    instances: int
    seconds: float
    differ: int = 0
    note: str = ""

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


def _time_gold(store, batches) -> tuple[float, list[list[str]]]:
    answers = []
    t0 = time.perf_counter()
    for b in batches:
        for c in b.kept:
            answers.append(b.task.gold(store, c.draft))
    return time.perf_counter() - t0, answers


def run_bench(org_dir: str | None, cases: int, per_task: int, seed: int, use_neo4j: bool = True, log=print) -> tuple[list[GoldTiming], dict]:
    from crmarena.queries.stores import open_task_store
    from crmarena.store import load_org, open_store

    facts: dict = {}
    with tempfile.TemporaryDirectory(prefix="crmarena-bench-tasks-") as tmp:
        if org_dir is None:
            log(f"simulating an org with {cases:,} cases ...")
            t0 = time.perf_counter()
            org = simulate(Path(tmp) / "org", cases)
            facts["simulate_s"] = time.perf_counter() - t0
        else:
            org = Path(org_dir)
        timings: list[GoldTiming] = []
        mine = org_dir is None          # a throwaway org: never the user's "last org"
        with open_task_store(org, "embedded", remember=not mine) as store:
            t0 = time.perf_counter()
            batches = list(curate_tasks(org, store, per_task=per_task, seed=seed))
            facts["curate_s"] = time.perf_counter() - t0
            facts["org"] = str(org)
            seconds, reference = _time_gold(store, batches)
            timings.append(GoldTiming("embedded", len(reference), seconds))
        if not use_neo4j:
            timings.append(GoldTiming("neo4j", 0, 0.0, note="not measured (--no-neo4j)"))
            return timings, facts
        try:
            neo = open_store("neo4j")
            neo.run("RETURN 1 AS one")
        except CrmarenaError as e:
            timings.append(GoldTiming("neo4j", 0, 0.0, note=f"not measured: {e}"))
            return timings, facts
        try:
            from crmarena.queries.stores import _check_neo4j_org

            try:
                _check_neo4j_org(neo, Path(org).resolve())
            except CrmarenaError:
                log("loading the org into Neo4j ...")
                facts["neo4j_load_s"] = load_org(org, "neo4j", quiet=True, remember=not mine).seconds
            neo.run("MATCH (c:`Case`) RETURN count(c) AS n")           # warm the page cache
            seconds, answers = _time_gold(neo, batches)
            differ = sum(a != b for a, b in zip(answers, reference))
            timings.append(GoldTiming("neo4j", len(answers), seconds, differ))
        finally:
            neo.close()
    return timings, facts
