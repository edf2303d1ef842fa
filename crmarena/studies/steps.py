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
        from crmarena import pipeline

        args = ["simulate", "--seed", str(seed), "--out", str(out), "--store", "embedded"]
        args += ["--cases", str(cases)] if cases else []
        for latent in ablate:
            args += ["--ablate", latent]
        self._log(*args)
        return pipeline.simulate(pipeline.SimulateArgs.of(seed=seed, out=out, cases=cases, ablate=ablate)).path

    def tasks(self, org: Path, out: Path, per_task: int, seed: int) -> list[TaskInstance]:
        from crmarena import pipeline

        # an ablated org may lack what a task needs (no violations without policy_violation): the study
        # compares what each org supplies, so a shortfall is allowed and said in the command
        self._log("tasks", str(org), "--per-task", str(per_task), "--seed", str(seed), "--out", str(out),
                  "--allow-shortfall")
        return pipeline.build_tasks(pipeline.TasksArgs.of(org=org, out=out, per_task=per_task, seed=seed,
                                                          allow_shortfall=True)).instances

    def run(self, agent: str, model: str | None, tasks_file: Path, org: Path, out: Path, trials: int = 1, *,
            max_turns: int | None = None, max_tokens: int | None = None, schema_scope: str | None = None) -> Path:
        from crmarena import pipeline

        args = ["run", "--agent", agent, "--tasks", str(tasks_file), "--out", str(out), "--org", str(org),
                "--trials", str(trials)]
        args += ["--model", model] if model and agent != "oracle" else []
        for flag, v in (("--max-turns", max_turns), ("--max-tokens", max_tokens), ("--schema", schema_scope)):
            args += [flag, str(v)] if v is not None else []
        self._log(*args)
        return pipeline.run_agent(pipeline.RunArgs.of(agent=agent, model=model, tasks_file=tasks_file, org=org,
                                                      out=out, trials=trials, max_turns=max_turns,
                                                      max_tokens=max_tokens, schema_scope=schema_scope)).run_dir

    def evaluate(self, run_dir: Path) -> dict[str, Any]:
        from crmarena import pipeline

        self._log("eval", str(run_dir), "--format", "json")
        return pipeline.evaluate(Path(run_dir))


def task_baselines(instances: list[TaskInstance]) -> list[dict[str, Any]]:
    """Per task and overall: the always-None and most-frequent-answer baselines of a task file."""
    rows = []
    for name, b in baselines(golds_of(instances)).items():
        for task, iv in [*b.per_task.items(), ("overall", b.overall)]:
            rows.append({"baseline": name, "task": task, "score": iv.mean, "ci_low": iv.low, "ci_high": iv.high,
                         "n": iv.n, "answer": b.answers.get(task, "")})
    return rows
