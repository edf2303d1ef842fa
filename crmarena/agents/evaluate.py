"""``crmarena eval``: scores of one run folder, or of every run folder under a directory (one per framework).

Every episode is scored again from its final answer and gold (``scoring.score_answer``), so a
scoring change applies to old runs. Per run: the mean score per task and overall (episodes that
ended in an error count 0), the pass^k curve over its trials (exact-match tasks only, as in
tau-bench/CRMArena), turn limits, tokens and cost. ``overall`` at the top is the mean score over
every episode of every run found.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

from crmarena.agents.rundir import EPISODES, MANIFEST, latest_episodes, read_manifest
from crmarena.agents.scoring import pass_hat_k, score_answer
from crmarena.errors import CrmarenaError


def find_runs(root: str | Path) -> list[Path]:
    p = Path(root).expanduser()
    if not p.is_dir():
        raise CrmarenaError(f"run folder {p} does not exist")
    runs = sorted({m.parent for m in p.rglob(MANIFEST)})
    if not runs:
        raise CrmarenaError(f"{p} holds no run (no {MANIFEST}); make one with 'crmarena run ... --out {p}'")
    return runs


def _score(rec: dict[str, Any]) -> float:
    return score_answer(rec.get("answer"), rec["task"], rec["gold"], rec["reward_metric"])[0]


def evaluate_run(path: Path) -> dict[str, Any]:
    manifest = read_manifest(path)
    episodes = latest_episodes(path / EPISODES)
    trials = int(manifest.get("trials", 1))
    expected = int(manifest.get("instances", 0)) * trials
    scores = {k: _score(r) for k, r in episodes.items()}
    per_task: dict[str, list[float]] = defaultdict(list)
    for k, r in episodes.items():
        per_task[r["task"]].append(scores[k])
    by_idx: dict[int, list[tuple[float, dict]]] = defaultdict(list)
    for (idx, _), r in episodes.items():
        by_idx[idx].append((scores[(idx, _)], r))
    binary = [(len(v), sum(1 for s, _ in v if s == 1.0)) for v in by_idx.values()
              if v[0][1]["reward_metric"] == "exact_match"]
    k_max = min((n for n, _ in binary), default=0)
    usage = [r.get("usage") or {} for r in episodes.values()]
    costs = [r.get("cost_usd") for r in episodes.values()]
    statuses = defaultdict(int)
    for r in episodes.values():
        statuses[r.get("status", "?")] += 1
    return {
        "run_dir": str(path), "agent": manifest.get("agent"), "model": manifest.get("model"),
        "tasks_file": manifest.get("tasks_file"), "trials": trials,
        "overall": mean(scores.values()) if scores else 0.0,
        "episodes": len(episodes), "expected": expected, "missing": max(0, expected - len(episodes)),
        "statuses": dict(sorted(statuses.items())),
        "per_task": {t: {"score": mean(v), "episodes": len(v)} for t, v in sorted(per_task.items())},
        "pass_k": {str(k): pass_hat_k(binary, k) for k in range(1, k_max + 1)},
        "tokens": {"input": sum(u.get("input_tokens", 0) for u in usage),
                   "output": sum(u.get("output_tokens", 0) for u in usage)},
        "cost_usd": round(sum(c for c in costs if c is not None), 6) if any(c is not None for c in costs) else None,
        "mean_turns": mean(r.get("turns", 0) for r in episodes.values()) if episodes else 0.0,
    }


def evaluate(root: str | Path) -> dict[str, Any]:
    runs = [evaluate_run(p) for p in find_runs(root)]
    total = sum(r["episodes"] for r in runs)
    overall = sum(r["overall"] * r["episodes"] for r in runs) / total if total else 0.0
    return {"overall": overall, "episodes": total, "runs": runs}


def tables(report: dict[str, Any]) -> list:
    """Rich tables: per task x framework, and the pass^k curves."""
    from rich.table import Table

    runs = report["runs"]
    label = [f"{r['agent']}" + (f" ({r['model']})" if r.get("model") else "") for r in runs]
    scores = Table(title=f"scores (overall {report['overall']:.3f} over {report['episodes']} episodes)")
    scores.add_column("task")
    for name in label:
        scores.add_column(name, justify="right")
    for task in sorted({t for r in runs for t in r["per_task"]}):
        scores.add_row(task, *[f"{r['per_task'][task]['score']:.3f}" if task in r["per_task"] else "-" for r in runs])
    scores.add_row("[bold]overall[/]", *[f"[bold]{r['overall']:.3f}[/]" for r in runs])
    scores.add_row("episodes", *[f"{r['episodes']}/{r['expected']}" for r in runs])
    scores.add_row("errors", *[str(r["statuses"].get("error", 0)) for r in runs])
    scores.add_row("turn limit", *[str(r["statuses"].get("turn_limit", 0)) for r in runs])
    scores.add_row("tokens in/out", *[f"{r['tokens']['input']}/{r['tokens']['output']}" for r in runs])
    scores.add_row("cost USD", *["-" if r["cost_usd"] is None else f"{r['cost_usd']:.4f}" for r in runs])
    out = [scores]
    ks = sorted({int(k) for r in runs for k in r["pass_k"]})
    if ks:
        curve = Table(title="pass^k (exact-match tasks)")
        curve.add_column("k", justify="right")
        for name in label:
            curve.add_column(name, justify="right")
        for k in ks:
            curve.add_row(str(k), *[f"{r['pass_k'][str(k)]:.3f}" if str(k) in r["pass_k"] else "-" for r in runs])
        out.append(curve)
    return out
