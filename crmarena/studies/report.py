"""Writes a study: CSV tables, PNG plots and a Markdown report with the commands to reproduce it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from crmarena.studies import plots
from crmarena.studies.ablation import AblationPlan, AblationResult


def markdown_table(df: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    if df.empty:
        return "_(none)_"
    cols = list(df.columns)
    fmt = lambda v: floatfmt.format(v) if isinstance(v, float) and not math.isnan(v) else str(v)
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    rows += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in df.itertuples(index=False)]
    return "\n".join(rows)


def wilson(p: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a success rate ``p`` over ``n`` episodes."""
    if n == 0:
        return float("nan"), float("nan")
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def score_table(scores: pd.DataFrame) -> pd.DataFrame:
    if scores.empty:
        return scores
    g = scores.assign(hits=scores["score"] * scores["n"]).groupby(["variant", "task"])[["hits", "n"]].sum()
    g["score"] = g["hits"] / g["n"].where(g["n"] > 0)
    ci = [wilson(s, int(n)) for s, n in zip(g["score"], g["n"])]
    g["ci_low"], g["ci_high"] = [c[0] for c in ci], [c[1] for c in ci]
    return g.drop(columns="hits").reset_index()


def write_ablation_report(plan: AblationPlan, result: AblationResult) -> Path:
    out = plan.out_dir
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    sig, shift, nets = result.frame("signatures"), result.frame("shift"), result.frame("networks")
    answers_df, scores = result.frame("answers"), score_table(result.frame("scores"))
    for name, df in (("signatures", sig), ("answer_shape", answers_df), ("answer_shift", shift),
                     ("transfer_network", nets), ("agent_scores", scores)):
        df.to_csv(out / f"{name}.csv", index=False)

    lines = [f"# Latent-ablation study: {', '.join(plan.latents)}", "",
             f"Seeds {', '.join(map(str, plan.seeds))}; {plan.cases or 'default'} cases per org; "
             f"{plan.per_task} instances per task. Each ablated org uses the same seed as its full org, so "
             "every difference comes from the ablated latent.", ""]
    for latent in plan.latents:
        own = sig[sig["variant"].isin(["full", latent])]
        own = own[own["latent"] == latent]
        lines += [f"## {latent}", ""]
        if own.empty:
            lines += ["No observable signature of this latent is measured from the tables.", ""]
        else:
            table = own.pivot_table(index="name", columns="variant", values="value", aggfunc="mean").reset_index()
            png = plots.signature_bars(sig, latent, figures / f"signatures-{latent}.png")
            lines += [markdown_table(table), "", f"![signatures of {latent}](figures/{png.name})", ""]
    if not shift.empty:
        png = plots.answer_shift_bars(shift, figures / "answer-shift.png")
        table = shift.groupby(["task", "latent"])["tv_distance"].mean().unstack().reset_index()
        lines += ["## Task answers, full vs ablated", "",
                  "Total-variation distance between the answer distributions of each task "
                  "(answerable instances; 0 = the same answers).", "",
                  markdown_table(table), "", f"![answer shift](figures/{png.name})", ""]
    if not nets.empty:
        png = plots.degree_histograms(result.degrees, figures / "transfer-network.png",
                                      "Transfers received per agent")
        table = nets.groupby("variant")[["transfers", "in_degree_gini", "top_in_degree_centrality",
                                         "reciprocity"]].mean().reset_index()
        lines += ["## Agent transfer network (networkx)", "", markdown_table(table), "",
                  f"![transfer network](figures/{png.name})", ""]
    if not scores.empty:
        png = plots.score_bars(scores, figures / "agent-scores.png")
        lines += [f"## Agent {plan.agent} ({plan.model or 'scripted'}): score per task, 95 % Wilson intervals", "",
                  markdown_table(scores), "", f"![agent scores](figures/{png.name})", ""]
    lines += ["## Reproduce", "", "```bash", *result.commands, "```", ""]
    report = out / "report.md"
    report.write_text("\n".join(lines))
    return report
