"""Writes the ablation study: CSV tables, PNG plots and a Markdown report with the commands to reproduce it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from crmarena.studies import plots
from crmarena.studies.ablation import NOISE, NOISE_SEED_OFFSET, AblationPlan, AblationResult


def markdown_table(df: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    if df.empty:
        return "_(none)_"
    cols = list(df.columns)
    fmt = lambda v: floatfmt.format(v) if isinstance(v, float) and not math.isnan(v) else str(v)
    rows = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    rows += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in df.itertuples(index=False)]
    return "\n".join(rows)


def signature_effects(sig: pd.DataFrame, latent: str) -> pd.DataFrame:
    """Per signature of ``latent``: full, ablated and noise-org values (means over seeds), the effect
    of the ablation and the seed-to-seed noise, both as differences from the full org."""
    own = sig[(sig["latent"] == latent) & sig["variant"].isin(["full", latent, NOISE])]
    t = own.pivot_table(index="name", columns="variant", values="value", aggfunc="mean")
    t = t.reindex(columns=["full", latent, NOISE])
    t.columns = ["full", "ablated", "noise org"]
    t["effect"] = t["ablated"] - t["full"]
    t["noise"] = t["noise org"] - t["full"]
    t["beyond noise"] = ["yes" if abs(e) > abs(n) else "no" for e, n in zip(t["effect"], t["noise"])]
    return t.reset_index()


def write_ablation_report(plan: AblationPlan, result: AblationResult) -> Path:
    out = plan.out_dir
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    sig, shift, nets = result.frame("signatures"), result.frame("shift"), result.frame("networks")
    answers_df, scores, base = result.frame("answers"), result.frame("scores"), result.frame("baselines")
    for name, df in (("signatures", sig), ("answer_shape", answers_df), ("answer_shift", shift),
                     ("transfer_network", nets), ("baselines", base), ("agent_scores", scores)):
        df.to_csv(out / f"{name}.csv", index=False)
    seeds = ", ".join(map(str, plan.seeds))
    lines = [f"# Latent-ablation study: {', '.join(plan.latents)}", "",
             f"Seeds {seeds}; {plan.cases or 'default'} cases per org; {plan.per_task} instances per task. "
             "Each ablated org uses the same seed as its full org, so every difference comes from the ablated "
             f"latent. The **noise** org is the full model on a second seed (seed + {NOISE_SEED_OFFSET:,}): "
             "its difference from the full org is what chance alone gives, and every effect below is shown "
             "beside it. An effect counts only when it is larger than that noise.", ""]
    for latent in plan.latents:
        lines += [f"## {latent}", ""]
        if sig.empty or sig[sig["latent"] == latent].empty:
            lines += ["No observable signature of this latent is measured from the tables.", ""]
            continue
        png = plots.signature_bars(sig, latent, figures / f"signatures-{latent}.png", len(plan.seeds))
        lines += ["Effect = ablated - full; noise = noise org - full (means over seeds).", "",
                  markdown_table(signature_effects(sig, latent)), "",
                  f"![signatures of {latent}](figures/{png.name})", ""]
    if not shift.empty:
        png = plots.answer_shift_bars(shift, figures / "answer-shift.png", len(plan.seeds))
        table = shift.groupby(["task", "latent"])["tv_distance"].mean().unstack()
        table = table.reindex(columns=[*plan.latents, NOISE]).rename(columns={NOISE: "noise (2nd seed)"})
        lines += ["## Task answers, full vs ablated, beside the noise", "",
                  "Total-variation distance between the answer distributions of each task in the full org and "
                  "in the ablated org (answerable instances; 0 = the same answers, 1 = disjoint); the last "
                  "column compares the full org with the noise org, the distance two seeds give by chance.", "",
                  markdown_table(table.reset_index()), "", f"![answer shift](figures/{png.name})", ""]
    if not nets.empty:
        net_png = plots.transfer_networks(result.graphs, figures / "transfer-network.png", plan.seeds[0])
        deg_png = plots.degree_histograms(result.degrees, figures / "transfers-received.png")
        table = nets.groupby("variant")[["agents", "transfers", "in_degree_gini", "top_in_degree_centrality",
                                         "reciprocity"]].mean().reset_index()
        lines += ["## Agent transfer network (networkx)", "", markdown_table(table), "",
                  f"![transfer network](figures/{net_png.name})", "",
                  f"![transfers received per agent](figures/{deg_png.name})", ""]
    if not base.empty:
        b = base[base["task"] != "overall"] if len(plan.seeds) > 1 else base
        table = b.pivot_table(index="task", columns=["variant", "baseline"], values="score", aggfunc="mean")
        table.columns = [f"{v} {'None' if k == 'always_none' else 'top'}" for v, k in table.columns]
        lines += ["## Trivial baselines of each task file", "",
                  "Score of answering \"None\" to everything (None) and of answering each task's most frequent "
                  "gold answer (top), per variant's task file (means over seeds). Per-seed values with 95 % "
                  "intervals are in baselines.csv.", "", markdown_table(table.reset_index()), ""]
    if not scores.empty:
        png = plots.score_bars(scores[scores["task"] != "overall"], figures / "agent-scores.png")
        cols = ["seed", "variant", "task", "score", "ci_low", "ci_high", "n", "always_none", "most_frequent",
                "margin_over_most_frequent", "margin_most_frequent_low", "margin_most_frequent_high"]
        lines += [f"## Agent {plan.agent} ({plan.model or 'scripted'}): score per task beside the baselines", "",
                  "score with its 95 % interval (ci_low, ci_high: Wilson for exact match with one trial, else "
                  "a seeded bootstrap over instances), the always-None and most-frequent-answer baselines of "
                  "the same task file, and how far above the most frequent answer the agent is (margin, "
                  "paired bootstrap 95 % interval).", "",
                  markdown_table(scores[cols]), "", f"![agent scores](figures/{png.name})", ""]
    lines += ["## Reproduce", "", "The study ran these stages in process; the same commands in a shell:", "",
              "```bash", *result.commands, "```", ""]
    report = out / "report.md"
    report.write_text("\n".join(lines))
    return report
