"""Framework and tool-type comparison (the paper's open questions on agent frameworks and on
task-specific vs general tools): each agent runs on the same task file; scores per task, overall
and pass^k curves side by side.

Tool types: ``general`` = run_cypher/search only (act, react), ``task`` = the task-specific
functions (fc, and the scripted oracle), ``both`` = task + general tools (flex).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.studies import plots
from crmarena.store.org import default_org
from crmarena.studies.report import markdown_table
from crmarena.studies.steps import Steps

TOOL_TYPES = {"act": "general", "react": "general", "fc": "task", "oracle": "task", "flex": "both"}


@dataclass(frozen=True)
class ComparePlan:
    agents: tuple[str, ...]
    tasks_file: Path
    out_dir: Path
    model: str | None = None
    org_dir: Path | None = None
    trials: int = 1
    tools: str | None = None
    max_turns: int | None = None      # None: crmarena run's defaults
    max_tokens: int | None = None
    schema_scope: str | None = None

    def selected(self) -> tuple[str, ...]:
        unknown = [a for a in self.agents if a not in TOOL_TYPES]
        if unknown:
            raise CrmarenaError(f"unknown agent '{unknown[0]}'; choose from {', '.join(TOOL_TYPES)}")
        chosen = tuple(a for a in self.agents if self.tools in (None, TOOL_TYPES[a]))
        if not chosen:
            raise CrmarenaError(f"none of the agents {', '.join(self.agents)} uses {self.tools} tools "
                                f"({', '.join(f'{a}: {t}' for a, t in TOOL_TYPES.items())})")
        needs_model = [a for a in chosen if a != "oracle"]
        if needs_model and not self.model:
            raise CrmarenaError(f"agent {needs_model[0]} needs --model PROVIDER:MODEL")
        return chosen


@dataclass
class CompareResult:
    commands: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    overall: list[dict] = field(default_factory=list)
    curves: dict[str, list[float]] = field(default_factory=dict)
    trials: int = 1


def _row(agent: str, task: str, t: dict) -> dict:
    return {"agent": agent, "tools": TOOL_TYPES[agent], "task": task, "score": t["score"], "ci_low": t["low"],
            "ci_high": t["high"], "episodes": t["episodes"], "always_none": t["always_none"]["value"],
            "most_frequent": t["most_frequent"]["value"],
            "margin_over_most_frequent": t["margin_over_most_frequent"]["value"],
            "margin_low": t["margin_over_most_frequent"]["low"], "margin_high": t["margin_over_most_frequent"]["high"]}


def run_compare(plan: ComparePlan, progress=None) -> CompareResult:
    result = CompareResult(trials=plan.trials)
    steps = Steps(progress or (lambda message: None), result.commands)
    org = Path(plan.org_dir or default_org())
    for agent in plan.selected():
        runs = plan.out_dir / "runs" / agent
        r = steps.evaluate(steps.run(agent, plan.model, plan.tasks_file, org, runs, plan.trials,
                                     max_turns=plan.max_turns, max_tokens=plan.max_tokens,
                                     schema_scope=plan.schema_scope))
        for task, t in r["per_task"].items():
            result.rows.append(_row(agent, task, t))
        result.overall.append(_row(agent, "overall", r["all_tasks"]))
        result.curves[f"{agent} ({TOOL_TYPES[agent]})"] = [r["pass_k"][k] for k in sorted(r["pass_k"], key=int)]
    return result


def _budget(plan: ComparePlan) -> str:
    given = [f"{name} {v}" for name, v in (("max turns", plan.max_turns), ("max tokens", plan.max_tokens),
                                           ("schema", plan.schema_scope)) if v is not None]
    return f" ({', '.join(given)})" if given else ""


def write_compare_report(plan: ComparePlan, result: CompareResult) -> Path:
    out = plan.out_dir
    (out / "figures").mkdir(parents=True, exist_ok=True)
    rows, overall = pd.DataFrame(result.rows), pd.DataFrame(result.overall)
    rows.to_csv(out / "scores.csv", index=False)
    overall.to_csv(out / "overall.csv", index=False)
    table = rows.pivot_table(index="task", columns="agent", values="score").reset_index()
    base = rows.groupby("task")[["always_none", "most_frequent"]].first().reset_index()
    lines = [f"# Agent comparison on {plan.tasks_file.name}", "",
             f"Model {plan.model or '(scripted only)'}; {plan.trials} trial(s) per instance{_budget(plan)}. Intervals: 95 % "
             "(Wilson for exact match with one trial, else a seeded bootstrap over instances, Wilson over "
             "instances when all scores are 0 or all 1); margins over the "
             "most-frequent-answer baseline: paired bootstrap.", "",
             "## Overall, beside the trivial baselines", "",
             markdown_table(overall.drop(columns=["task"]).rename(columns={"score": "overall"})), "",
             "## Per task", "", markdown_table(table), "",
             "## Trivial baselines of the task file", "",
             "always_none: answer \"None\" to everything; most_frequent: each task's most frequent gold answer.", "",
             markdown_table(base), ""]
    if any(result.curves.values()):
        png = plots.pass_k_curves(result.curves, out / "figures" / "pass-k.png", result.trials)
        lines += ["## pass^k (exact-match tasks)", "", f"![pass^k](figures/{png.name})", ""]
    lines += ["## Reproduce", "", "The study ran these stages in process; the same commands in a shell:", "",
              "```bash", *result.commands, "```", ""]
    report = out / "report.md"
    report.write_text("\n".join(lines))
    return report
