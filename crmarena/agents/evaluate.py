"""``crmarena eval``: scores of one run folder, or of every run folder under a directory (one per framework).

Every episode is scored again from its final answer and gold (``scoring.score_answer``), so a
scoring change applies to old runs. Per run: the mean score per task and overall (episodes that
ended in an error count 0) with its 95 % interval (``uncertainty``: Wilson for exact match with one
trial, else a seeded bootstrap over instances; Wilson over instances when every score is 0, or every
one 1, where a bootstrap would say [0, 0]), the always-None and most-frequent-answer baselines
of the same instances and the agent's margin over each (paired bootstrap), the pass^k curve over its
trials (exact-match tasks only, as in tau-bench/CRMArena) with its trial count, turn limits, tokens
and cost. ``overall`` at the top is the mean score over every episode of every run found.

A malformed or truncated line of ``episodes.jsonl`` is refused (``CrmarenaError`` naming the file and
line); with ``skip_bad=True`` such lines are skipped, counted and listed in the report instead.
Runs of different orgs (``org_fingerprint`` in ``run.json``) are never pooled: that is refused.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

from crmarena.agents.baselines import BASELINES, Gold, baselines
from crmarena.agents.episodes import BadLine, read_run_episodes
from crmarena.agents.rundir import EPISODES, MANIFEST, read_manifest
from crmarena.agents.scoring import BINARY_METRICS, score_answer
from crmarena.agents.uncertainty import Interval, bootstrap_paired_difference, pass_k_interval, score_interval
from crmarena.errors import CrmarenaError


def find_runs(root: str | Path) -> list[Path]:
    p = Path(root).expanduser()
    if not p.is_dir():
        raise CrmarenaError(f"run folder {p} does not exist")
    runs = sorted({m.parent for m in p.rglob(MANIFEST)})
    if not runs:
        raise CrmarenaError(f"{p} holds no run (no {MANIFEST}); make one with 'crmarena run ... --out {p}'")
    return runs


def _interval(iv: Interval) -> dict[str, Any]:
    return {"low": iv.low, "high": iv.high, "interval": iv.method}


def _scored(groups: dict[int, list[float]], binary: bool, golds: list[Gold]) -> dict[str, Any]:
    """Score, interval, baselines and margins of one set of instances (a task, or the whole run)."""
    iv = score_interval(list(groups.values()), binary)
    out: dict[str, Any] = {"score": iv.mean, **_interval(iv), "episodes": iv.n, "instances": len(groups)}
    agent = [mean(groups[g.idx]) for g in golds]
    for name, b in baselines(golds).items():
        base = [b.scores[g.idx] for g in golds]
        b_iv = score_interval([[s] for s in base], binary)
        diff = bootstrap_paired_difference(agent, base)
        # "value", not "score": a baseline's or a margin's number is not a score of the agent (a reader
        # collecting every "score" of a report gets the agent's only)
        out[name] = {"value": b_iv.mean, **_interval(b_iv)}
        out[f"margin_over_{name}"] = {"value": diff.mean, **_interval(diff)}
    return out


def _pass_k(binary: list[tuple[int, int]]) -> dict[str, Any]:
    k_max = min((n for n, _ in binary), default=0)
    curve = {str(k): pass_k_interval(binary, k) for k in range(1, k_max + 1)}
    return {"pass_k": {k: iv.mean for k, iv in curve.items()},
            "pass_k_ci": {k: {"low": iv.low, "high": iv.high} for k, iv in curve.items()},
            "pass_k_trials": k_max, "pass_k_instances": len(binary)}


def evaluate_run(path: Path, *, skip_bad: bool = False, judge=None) -> dict[str, Any]:
    return _evaluate_run(path, skip_bad, judge)[0]


def _score(r, judge) -> float:
    """An episode's score; refusals by the judge when one is configured (leaks always checked exactly)."""
    if judge is not None and r.reward_metric == "refusal":
        return judge.score(r.answer, r.gold)
    return score_answer(r.answer, r.task, r.gold, r.reward_metric)[0]


def _evaluate_run(path: Path, skip_bad: bool, judge=None) -> tuple[dict[str, Any], list[list[float]], bool]:
    manifest = read_manifest(path)
    episodes, bad = read_run_episodes(path / EPISODES, skip_bad=skip_bad)
    trials = int(manifest.get("trials", 1))
    expected = int(manifest.get("instances", 0)) * trials
    groups: dict[int, list[float]] = defaultdict(list)
    golds: dict[int, Gold] = {}
    for (idx, _), r in sorted(episodes.items()):
        groups[idx].append(_score(r, judge))
        golds.setdefault(idx, Gold(idx, r.task, tuple(r.gold), r.reward_metric))
    per_task: dict[str, dict[str, Any]] = {}
    for task in sorted({g.task for g in golds.values()}):
        mine = [g for g in golds.values() if g.task == task]
        per_task[task] = _scored({g.idx: groups[g.idx] for g in mine},
                                 all(g.reward_metric in BINARY_METRICS for g in mine), mine)
    exact = all(g.reward_metric in BINARY_METRICS for g in golds.values())
    whole = _scored(dict(groups), exact, list(golds.values()))
    binary = [(len(groups[i]), sum(1 for s in groups[i] if s == 1.0)) for i, g in golds.items()
              if g.reward_metric in BINARY_METRICS]
    recs = list(episodes.values())
    statuses: dict[str, int] = defaultdict(int)
    for r in recs:
        statuses[r.status] += 1
    costs = [r.cost_usd for r in recs if r.cost_usd is not None]
    return {
        "run_dir": str(path), "agent": manifest.get("agent"), "model": manifest.get("model"),
        "tasks_file": manifest.get("tasks_file"), "org_fingerprint": manifest.get("org_fingerprint"),
        "trials": trials, "refusal_judge": judge.name if judge is not None else None,
        "overall": whole["score"] if recs else 0.0,
        "overall_ci": {k: whole[k] for k in ("low", "high", "interval")},
        "baselines": {name: whole[name] for name in BASELINES},
        "margins": {name: whole[f"margin_over_{name}"] for name in BASELINES},
        "episodes": len(recs), "expected": expected, "missing": max(0, expected - len(recs)),
        "bad_lines": len(bad), "bad": [b.as_dict() for b in bad],
        "statuses": dict(sorted(statuses.items())),
        "per_task": per_task,
        "all_tasks": whole,                 # the run as one row in the shape of a per_task entry
        **_pass_k(binary),
        "tokens": {"input": sum(r.tokens("input_tokens") for r in recs),
                   "output": sum(r.tokens("output_tokens") for r in recs)},
        "cost_usd": round(sum(costs), 6) if costs else None,
        "mean_turns": mean(r.turns for r in recs) if recs else 0.0,
    }, list(groups.values()), exact


def evaluate(root: str | Path, *, skip_bad: bool = False, judge=None) -> dict[str, Any]:
    """Every run under ``root``; ``overall`` pools their episodes (interval: each run's instances resampled).
    ``judge`` (``crmarena.agents.judge.RefusalJudge``) decides the refusals of confidentiality episodes."""
    found = [_evaluate_run(p, skip_bad, judge) for p in find_runs(root)]
    runs = [r for r, _, _ in found]
    orgs: dict[str, str] = {}
    for r in runs:
        orgs.setdefault(r["org_fingerprint"] or "none recorded", r["run_dir"])
    if len(orgs) > 1:
        which = "; ".join(f"org {fp} in {d}" for fp, d in orgs.items())
        raise CrmarenaError(f"the runs under {root} come from {len(orgs)} orgs ({which}): their scores cannot "
                            "be pooled; evaluate each run folder on its own")
    total = sum(r["episodes"] for r in runs)
    overall = sum(r["overall"] * r["episodes"] for r in runs) / total if total else 0.0
    pooled = score_interval([g for _, groups, _ in found for g in groups], all(e for _, _, e in found))
    return {"overall": overall, "overall_ci": _interval(pooled), "episodes": total,
            "bad_lines": sum(r["bad_lines"] for r in runs), "runs": runs}


__all__ = ["BadLine", "evaluate", "evaluate_run", "find_runs"]
