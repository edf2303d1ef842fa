"""The pipeline stages a study runs, called in process through their Python API.

Each step logs the ``crmarena`` command line that does the same thing, so a report's "Reproduce"
section can be pasted into a shell. A study never changes the user's remembered org: orgs are
loaded with ``remember=False`` and every store is opened on an explicit org folder.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from crmarena.agents.baselines import baselines, golds_of
from crmarena.queries.model import TaskInstance


@dataclass
class Steps:
    """Runs pipeline stages in process; ``commands`` holds their CLI equivalents in order."""

    progress: Callable[[str], None] = lambda message: None
    commands: list[str] = field(default_factory=list)

    def _log(self, *args: str) -> None:
        line = shlex.join(["crmarena", *args])
        self.commands.append(line)
        self.progress(line)

    def simulate(self, seed: int, out: Path, cases: int | None = None, ablate: tuple[str, ...] = ()) -> Path:
        from crmarena.simulator import simulate_org
        from crmarena.store import load_org

        args = ["simulate", "--seed", str(seed), "--out", str(out), "--store", "embedded"]
        args += ["--cases", str(cases)] if cases else []
        for latent in ablate:
            args += ["--ablate", latent]
        self._log(*args)
        org = simulate_org(seed=seed, cases=cases, out_dir=out, ablate=list(ablate))
        load_org(org, "embedded", quiet=True, remember=False)
        return Path(org)

    def tasks(self, org: Path, out: Path, per_task: int, seed: int) -> list[TaskInstance]:
        from crmarena.queries.runner import build_instances, write_jsonl
        from crmarena.queries.stores import open_task_store

        self._log("tasks", str(org), "--per-task", str(per_task), "--seed", str(seed), "--out", str(out))
        with open_task_store(org, "embedded", quiet=True, remember=False) as store:
            instances, _ = build_instances(org, store, per_task=per_task, seed=seed)
        write_jsonl(instances, out)
        return instances

    def run(self, agent: str, model: str | None, tasks_file: Path, org: Path, out: Path, trials: int = 1) -> Path:
        from crmarena.agents.config import default_settings
        from crmarena.agents.rundir import RunDir, file_sha256
        from crmarena.agents.runner import check_store_matches, make_agent, read_tasks, run_tasks
        from crmarena.store import open_store

        args = ["run", "--agent", agent, "--tasks", str(tasks_file), "--out", str(out), "--org", str(org),
                "--trials", str(trials)]
        args += ["--model", model] if model and agent != "oracle" else []
        self._log(*args)
        settings = default_settings()
        tasks = read_tasks(tasks_file)
        llm_agent = make_agent(agent, model if agent != "oracle" else None, settings)
        org = Path(org).resolve()
        manifest = {"agent": agent, "model": model if agent != "oracle" else None, "store": "embedded",
                    "org": str(org), "tasks_file": str(Path(tasks_file).resolve()),
                    "tasks_sha256": file_sha256(Path(tasks_file)), "instances": len(tasks), "trials": trials,
                    "max_turns": settings.max_turns, "temperature": settings.temperature}
        graph = open_store("embedded", org_dir=org, isolated=True)
        try:
            manifest["org_fingerprint"] = check_store_matches(tasks, graph, f"the task file {tasks_file}")
            run_dir = RunDir.open(out, manifest)
            run_tasks(llm_agent, tasks, graph, run_dir, trials=trials)
        finally:
            graph.close()
        return run_dir.path

    def evaluate(self, run_dir: Path) -> dict[str, Any]:
        from crmarena.agents.evaluate import evaluate_run

        self._log("eval", str(run_dir), "--format", "json")
        return evaluate_run(Path(run_dir))


def task_baselines(instances: list[TaskInstance]) -> list[dict[str, Any]]:
    """Per task and overall: the always-None and most-frequent-answer baselines of a task file."""
    rows = []
    for name, b in baselines(golds_of(instances)).items():
        for task, iv in [*b.per_task.items(), ("overall", b.overall)]:
            rows.append({"baseline": name, "task": task, "score": iv.mean, "ci_low": iv.low, "ci_high": iv.high,
                         "n": iv.n, "answer": b.answers.get(task, "")})
    return rows
