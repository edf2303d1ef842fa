"""``crmarena eval`` output: rich tables, long-format CSV rows and JSON of an ``evaluate`` report.

Every score is printed with its 95 % interval ``mean [low, high]`` beside the always-None and
most-frequent-answer baselines of the same instances and the agent's margin over them.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from crmarena.agents.baselines import BASELINES

CSV_COLUMNS = ("run_dir", "agent", "model", "task", "metric", "value", "ci_low", "ci_high", "interval",
               "episodes", "instances", "trials", "bad_lines")
INTERVAL_NOTE = ("95 % intervals: Wilson for exact match with one trial per instance, else a seeded "
                 "bootstrap over instances (2,000 resamples); margins: paired bootstrap of agent minus baseline")


def _ci(row: dict[str, Any], digits: int = 3) -> str:
    row = {**row, "score": row["score"] if "score" in row else row.get("value")}
    if row.get("interval") == "none" or row.get("score") is None or _nan(row["score"]):
        return "-"
    return f"{row['score']:.{digits}f} [{row['low']:.{digits}f}, {row['high']:.{digits}f}]"


def _nan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)


def _label(run: dict[str, Any]) -> str:
    return f"{run['agent']}" + (f" ({run['model']})" if run.get("model") else "")


def _whole(run: dict[str, Any]) -> dict[str, Any]:
    return run["all_tasks"]


def tables(report: dict[str, Any]) -> list:
    """Rich tables: per task x framework with intervals; baselines and margins per run; pass^k curves."""
    from rich.table import Table

    runs = report["runs"]
    bad = f", {report['bad_lines']} malformed episode lines SKIPPED" if report.get("bad_lines") else ""
    scores = Table(title=f"scores (overall {report['overall']:.3f} over {report['episodes']} episodes{bad})",
                   caption=INTERVAL_NOTE, title_justify="left")
    scores.add_column("task")
    for run in runs:
        scores.add_column(_label(run), justify="right")
    for task in sorted({t for r in runs for t in r["per_task"]}):
        scores.add_row(task, *[_ci(r["per_task"][task]) if task in r["per_task"] else "-" for r in runs])
    scores.add_row("[bold]overall[/]", *[f"[bold]{_ci(_whole(r))}[/]" for r in runs])
    scores.add_row("episodes", *[f"{r['episodes']}/{r['expected']}" for r in runs])
    scores.add_row("malformed lines skipped", *[str(r["bad_lines"]) for r in runs])
    scores.add_row("errors", *[str(r["statuses"].get("error", 0)) for r in runs])
    scores.add_row("turn limit", *[str(r["statuses"].get("turn_limit", 0)) for r in runs])
    scores.add_row("tokens in/out", *[f"{r['tokens']['input']}/{r['tokens']['output']}" for r in runs])
    scores.add_row("cost USD", *["-" if r["cost_usd"] is None else f"{r['cost_usd']:.4f}" for r in runs])
    out = [scores]
    for run in runs:
        t = Table(title=f"{_label(run)} beside trivial baselines of the same instances ({run['run_dir']})",
                  title_justify="left")
        for col in ("task", "agent", "always None", "most frequent", "agent - None", "agent - most frequent"):
            t.add_column(col, justify="left" if col == "task" else "right", no_wrap=True)
        rows = [*run["per_task"].items(), ("[bold]overall[/]", _whole(run))]
        for task, row in rows:
            t.add_row(task, _ci(row, 2), *[_ci(row[b], 2) for b in BASELINES],
                      *[_ci(row[f"margin_over_{b}"], 2) for b in BASELINES])
        out.append(t)
    ks = sorted({int(k) for r in runs for k in r["pass_k"]})
    if ks:
        curve = Table(title="pass^k (exact-match tasks; k up to each run's trials per instance)", title_justify="left")
        curve.add_column("k", justify="right")
        for run in runs:
            curve.add_column(f"{_label(run)}: {run['pass_k_instances']} instances x {run['pass_k_trials']} trials",
                             justify="right")
        for k in map(str, ks):
            curve.add_row(k, *[_ci({"score": r["pass_k"][k], **r["pass_k_ci"][k], "interval": "bootstrap"})
                               if k in r["pass_k"] else "-" for r in runs])
        out.append(curve)
    return out


def csv_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per run x task (and ``overall``) x metric: score, each baseline, each margin, pass^k."""
    rows = []
    for run in report["runs"]:
        head = {"run_dir": run["run_dir"], "agent": run["agent"], "model": run.get("model") or "",
                "bad_lines": run["bad_lines"]}
        for task, row in [*run["per_task"].items(), ("overall", _whole(run))]:
            n = {"episodes": row.get("episodes", run["episodes"]), "instances": row.get("instances", ""),
                 "trials": run["trials"]}
            for metric, part in [("score", row), *[(f"baseline_{b}", row[b]) for b in BASELINES],
                                 *[(f"margin_over_{b}", row[f"margin_over_{b}"]) for b in BASELINES]]:
                rows.append({**head, "task": task, "metric": metric, "value": part["score"] if "score" in part else part["value"], "ci_low": part["low"],
                             "ci_high": part["high"], "interval": part["interval"], **n})
        for k, v in run["pass_k"].items():
            rows.append({**head, "task": "overall", "metric": f"pass^{k}", "value": v,
                         "ci_low": run["pass_k_ci"][k]["low"], "ci_high": run["pass_k_ci"][k]["high"],
                         "interval": "bootstrap", "episodes": run["episodes"], "instances": run["pass_k_instances"],
                         "trials": run["pass_k_trials"]})
    return rows


def _clean(v: Any) -> Any:
    if _nan(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def csv_text(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in csv_rows(report):
        w.writerow({k: "" if v is None or _nan(v) else v for k, v in row.items()})
    return buf.getvalue()


def json_text(report: dict[str, Any]) -> str:
    """Strict JSON (no NaN: an undefined interval is null)."""
    return json.dumps(_clean(report), indent=2, allow_nan=False)
