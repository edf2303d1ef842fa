"""Framework and tool-type comparison (the paper's open questions on agent frameworks and on
task-specific vs general tools): each agent runs on the same task file; scores per task, overall
and pass^k curves side by side.

Tool types: ``general`` = run_cypher/search only (act, react), ``task`` = the task-specific
functions (fc, and the scripted oracle), ``both`` = task + general tools (flex).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.studies import plots
from crmarena.studies.ablation import AblationResult, Runner
from crmarena.studies.report import markdown_table

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
    curves: dict[str, list[float]] = field(default_factory=dict)


def run_compare(plan: ComparePlan, progress=None) -> CompareResult:
    result = CompareResult()
    log = AblationResult()
    run = Runner(log, progress)
    for agent in plan.selected():
        runs = plan.out_dir / "runs" / agent
        args = ["run", "--agent", agent, "--tasks", str(plan.tasks_file), "--out", str(runs),
                "--trials", str(plan.trials), "-q"]
        if plan.org_dir:
            args += ["--org", str(plan.org_dir)]
        if agent != "oracle":
            args += ["--model", plan.model]
        run(*args)
        report = json.loads(run("eval", str(runs), "--format", "json"))
        for r in report["runs"]:
            for task, t in r["per_task"].items():
                result.rows.append({"agent": agent, "tools": TOOL_TYPES[agent], "task": task,
                                    "score": t["score"], "episodes": t["episodes"]})
            ks = sorted(r.get("pass_k", {}), key=int)
            result.curves[f"{agent} ({TOOL_TYPES[agent]})"] = [r["pass_k"][k] for k in ks]
    result.commands = log.commands
    return result


def write_compare_report(plan: ComparePlan, result: CompareResult) -> Path:
    out = plan.out_dir
    (out / "figures").mkdir(parents=True, exist_ok=True)
    rows = pd.DataFrame(result.rows)
    rows.to_csv(out / "scores.csv", index=False)
    table = rows.pivot_table(index="task", columns="agent", values="score").reset_index()
    overall = rows.groupby(["agent", "tools"])["score"].mean().reset_index().rename(columns={"score": "overall"})
    lines = [f"# Agent comparison on {plan.tasks_file.name}", "",
             f"Model {plan.model or '(scripted only)'}; {plan.trials} trial(s) per instance.", "",
             "## Overall", "", markdown_table(overall), "", "## Per task", "", markdown_table(table), ""]
    if any(result.curves.values()):
        png = plots.pass_k_curves(result.curves, out / "figures" / "pass-k.png")
        lines += ["## pass^k (exact-match tasks)", "", f"![pass^k](figures/{png.name})", ""]
    lines += ["## Reproduce", "", "```bash", *result.commands, "```", ""]
    report = out / "report.md"
    report.write_text("\n".join(lines))
    return report
