"""The latent-ablation study: for each seed, the full org and the org with each named latent
ablated (same seeds otherwise); each latent's signatures, the shift of task answer distributions
and, with an agent, its score per task full vs ablated.

Every stage runs through the ``crmarena`` CLI, so the report's commands are exactly what ran.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.queries.runner import read_jsonl
from crmarena.studies import answers, signatures, transfer_network


@dataclass(frozen=True)
class AblationPlan:
    latents: tuple[str, ...]
    seeds: tuple[int, ...]
    out_dir: Path
    cases: int | None = None
    per_task: int = 40
    agent: str | None = None
    model: str | None = None
    trials: int = 1

    def variants(self) -> list[str]:
        return ["full", *self.latents]


@dataclass
class AblationResult:
    commands: list[str] = field(default_factory=list)
    signatures: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    shift: list[dict] = field(default_factory=list)
    networks: list[dict] = field(default_factory=list)
    degrees: dict[str, list[float]] = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)

    def frame(self, name: str) -> pd.DataFrame:
        return pd.DataFrame(getattr(self, name))


class Runner:
    """Runs ``crmarena`` sub-commands, records them, and fails with the command's own last line."""

    def __init__(self, result: AblationResult, progress=None):
        self.result, self.progress = result, progress or (lambda message: None)

    def __call__(self, *args: str) -> str:
        cmd = ["crmarena", *args]
        self.result.commands.append(shlex.join(cmd))
        self.progress(shlex.join(cmd))
        proc = subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True)
        if proc.returncode:
            last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise CrmarenaError(f"study step '{shlex.join(cmd)}' failed: {last}")
        return proc.stdout


def _org(plan: AblationPlan, seed: int, variant: str, run: Runner) -> Path:
    org = plan.out_dir / "orgs" / f"seed-{seed}" / variant
    args = ["simulate", "--seed", str(seed), "--out", str(org), "--store", "embedded", "-q"]
    if plan.cases:
        args += ["--cases", str(plan.cases)]
    if variant != "full":
        args += ["--ablate", variant]
    run(*args)
    return org


def _tasks(plan: AblationPlan, org: Path, seed: int, run: Runner) -> Path:
    path = _tasks_path(org)
    run("tasks", str(org), "--per-task", str(plan.per_task), "--seed", str(seed), "--out", str(path), "-q")
    return path


def _agent_scores(plan: AblationPlan, org: Path, tasks: Path, run: Runner) -> list[dict]:
    runs = org.parent / f"{org.name}-runs"
    args = ["run", "--agent", plan.agent, "--tasks", str(tasks), "--out", str(runs), "--org", str(org),
            "--trials", str(plan.trials), "-q"]
    if plan.model:
        args += ["--model", plan.model]
    run(*args)
    report = json.loads(run("eval", str(runs), "--format", "json"))
    return [{"task": task, **row} for task, row in _per_task(report).items()]


def _per_task(report: dict) -> dict[str, dict]:
    """Per-task mean score and episode count from ``crmarena eval --format json`` (one run folder)."""
    out: dict[str, dict] = {}
    for run in report.get("runs", []):
        for name, t in (run.get("per_task") or {}).items():
            out[name] = {"score": float(t["score"]), "n": int(t["episodes"])}
    return out


def run_ablation(plan: AblationPlan, progress=None) -> AblationResult:
    result = AblationResult()
    run = Runner(result, progress)
    for seed in plan.seeds:
        orgs = {v: _org(plan, seed, v, run) for v in plan.variants()}
        tasks = {v: read_jsonl(_tasks(plan, org, seed, run)) for v, org in orgs.items()}
        for variant, org in orgs.items():
            for s in signatures.measure(org):
                result.signatures.append({"seed": seed, "variant": variant, "latent": s.latent, "name": s.name,
                                          "value": s.value, "meaning": s.meaning})
            g = transfer_network.transfer_graph(org)
            result.networks.append({"seed": seed, "variant": variant, **vars(transfer_network.summarize(g))})
            result.degrees.setdefault(variant, []).extend(d for _, d in g.in_degree(weight="weight"))
            by_task = pd.Series(tasks[variant]).groupby([t.task for t in tasks[variant]])
            for task, group in by_task:
                result.answers.append({"seed": seed, "variant": variant, "task": task,
                                       **answers.describe(list(group))})
            if plan.agent:
                for row in _agent_scores(plan, org, _tasks_path(org), run):
                    result.scores.append({"seed": seed, "variant": variant, **row})
        full = _by_task(tasks["full"])
        for latent in plan.latents:
            ablated = _by_task(tasks[latent])
            for task in sorted(set(full) | set(ablated)):
                p = answers.distribution([i for i in full.get(task, []) if not i.is_none])
                q = answers.distribution([i for i in ablated.get(task, []) if not i.is_none])
                result.shift.append({"seed": seed, "latent": latent, "task": task,
                                     "tv_distance": answers.tv_distance(p, q)})
    return result


def _tasks_path(org: Path) -> Path:
    return org.parent / f"{org.name}-tasks.jsonl"


def _by_task(instances) -> dict[str, list]:
    out: dict[str, list] = {}
    for i in instances:
        out.setdefault(i.task, []).append(i)
    return out
