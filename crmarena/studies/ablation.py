"""The latent-ablation study: for each seed, the full org, the org with each named latent ablated
(same seed otherwise) and a noise baseline (the full model on a second seed, ``noise_seed``); each
latent's signatures, the shift of task answer distributions and, with an agent, its score per task
beside the task file's trivial baselines.

An effect (ablated vs full) means something only when it is larger than the difference between two
full orgs that differ by their seed alone, so every effect is reported beside that noise.

The stages run in process (``steps.Steps``); the report lists the equivalent ``crmarena`` commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from crmarena.queries.model import TaskInstance
from crmarena.studies import answers, signatures, transfer_network
from crmarena.studies.steps import Steps, task_baselines

NOISE = "noise"
NOISE_SEED_OFFSET = 10_000


def noise_seed(seed: int) -> int:
    """The second seed of the noise baseline for a study seed."""
    return seed + NOISE_SEED_OFFSET


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
        return ["full", *self.latents, NOISE]


@dataclass
class AblationResult:
    commands: list[str] = field(default_factory=list)
    signatures: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    shift: list[dict] = field(default_factory=list)
    networks: list[dict] = field(default_factory=list)
    degrees: dict[str, list[float]] = field(default_factory=dict)
    graphs: dict[str, object] = field(default_factory=dict)       # variant -> transfer graph of the first seed
    baselines: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)

    def frame(self, name: str) -> pd.DataFrame:
        return pd.DataFrame(getattr(self, name))


def _org(plan: AblationPlan, seed: int, variant: str, steps: Steps) -> Path:
    out = plan.out_dir / "orgs" / f"seed-{seed}" / variant
    if variant == NOISE:
        return steps.simulate(noise_seed(seed), out, plan.cases)
    return steps.simulate(seed, out, plan.cases, () if variant == "full" else (variant,))


def _tasks_path(org: Path) -> Path:
    return org.parent / f"{org.name}-tasks.jsonl"


def _score_row(task: str, t: dict) -> dict:
    """One row of the agent's score table: score with interval, baselines, margins with intervals."""
    row = {"task": task, "score": t["score"], "ci_low": t["low"], "ci_high": t["high"], "n": t["episodes"]}
    for b in ("always_none", "most_frequent"):
        m = t[f"margin_over_{b}"]
        row |= {b: t[b]["value"], f"margin_over_{b}": m["value"], f"margin_{b}_low": m["low"],
                f"margin_{b}_high": m["high"]}
    return row


def _agent_scores(plan: AblationPlan, org: Path, steps: Steps) -> list[dict]:
    runs = org.parent / f"{org.name}-runs"
    steps.run(plan.agent, plan.model, _tasks_path(org), org, runs, plan.trials)
    r = steps.evaluate(runs)
    return [_score_row(task, t) for task, t in [*r["per_task"].items(), ("overall", r["all_tasks"])]]


def _measure(result: AblationResult, seed: int, variant: str, org: Path, tasks: list[TaskInstance]) -> None:
    for s in signatures.measure(org):
        result.signatures.append({"seed": seed, "variant": variant, "latent": s.latent, "name": s.name,
                                  "value": s.value, "meaning": s.meaning})
    g = transfer_network.transfer_graph(org)
    result.networks.append({"seed": seed, "variant": variant, **vars(transfer_network.summarize(g))})
    result.degrees.setdefault(variant, []).extend(d for _, d in g.in_degree(weight="weight"))
    result.graphs.setdefault(variant, g)
    for task, group in _by_task(tasks).items():
        result.answers.append({"seed": seed, "variant": variant, "task": task, **answers.describe(group)})
    result.baselines.extend({"seed": seed, "variant": variant, **row} for row in task_baselines(tasks))


def run_ablation(plan: AblationPlan, progress=None) -> AblationResult:
    result = AblationResult()
    steps = Steps(progress or (lambda message: None), result.commands)
    for seed in plan.seeds:
        orgs = {v: _org(plan, seed, v, steps) for v in plan.variants()}
        tasks = {v: steps.tasks(org, _tasks_path(org), plan.per_task, seed) for v, org in orgs.items()}
        for variant, org in orgs.items():
            _measure(result, seed, variant, org, tasks[variant])
            if plan.agent:
                result.scores.extend({"seed": seed, "variant": variant, **row}
                                     for row in _agent_scores(plan, org, steps))
        full = _by_task(tasks["full"])
        for other in [*plan.latents, NOISE]:
            ablated = _by_task(tasks[other])
            for task in sorted(set(full) | set(ablated)):
                p = answers.distribution([i for i in full.get(task, []) if not i.is_none])
                q = answers.distribution([i for i in ablated.get(task, []) if not i.is_none])
                result.shift.append({"seed": seed, "latent": other, "task": task,
                                     "tv_distance": answers.tv_distance(p, q)})
    return result


def _by_task(instances) -> dict[str, list]:
    out: dict[str, list] = {}
    for i in instances:
        out.setdefault(i.task, []).append(i)
    return out
