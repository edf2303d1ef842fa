"""Plots of a study (matplotlib, Agg backend, PNG files). Each function writes one figure with a
title, labelled axes and a caption saying what its bars, error bars or intervals mean."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

NOISE = "noise"
COLOURS = {"full": "#4C8EDA", "ablated": "#F79767", NOISE: "#A5ABB6"}


def colour(variant: str) -> str:
    """Full org blue, noise org grey, any ablated org orange."""
    return COLOURS.get(variant, COLOURS["ablated"])


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path, caption: str) -> Path:
    fig.text(0.01, 0.01, caption, fontsize=7, ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(path, dpi=110)
    fig.clf()
    _pyplot().close(fig)
    return path


def _spread_note(seeds: int) -> str:
    return ("error bars: ±1 sd over seeds" if seeds > 1
            else "one seed: no error bars (run --seeds 2+ for a spread)")


def signature_bars(signatures: pd.DataFrame, latent: str, path: Path, seeds: int = 1) -> Path:
    """One panel per signature of ``latent``: full org, org with ``latent`` ablated, noise org (second seed)."""
    plt = _pyplot()
    rows = signatures[(signatures["latent"] == latent) & signatures["variant"].isin(["full", latent, NOISE])]
    names = sorted(rows["name"].unique())
    fig, axes = plt.subplots(1, max(1, len(names)), figsize=(3.4 * max(1, len(names)), 3.6), squeeze=False)
    for ax, name in zip(axes[0], names):
        g = rows[rows["name"] == name].groupby("variant")["value"]
        stats = pd.DataFrame({"mean": g.mean(), "sd": g.std().fillna(0)}).reindex(["full", latent, NOISE])
        ax.bar(["full", "ablated", "noise org"], stats["mean"], yerr=stats["sd"] if seeds > 1 else None,
               color=[COLOURS["full"], COLOURS["ablated"], COLOURS[NOISE]], capsize=4)
        ax.set_title(name.replace("_", " "), fontsize=8)
        ax.set_ylabel("signature value", fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(f"{latent}: signatures of the full org, the ablated org and a second seed", fontsize=10)
    return _save(fig, path, f"Bars: mean over {seeds} seed(s). Noise org = full model on a second seed "
                            f"(the difference chance alone gives); {_spread_note(seeds)}.")


def answer_shift_bars(shift: pd.DataFrame, path: Path, seeds: int = 1) -> Path:
    """Total-variation distance of each task's answers, full vs each ablated org and full vs the noise org."""
    plt = _pyplot()
    table = shift.groupby(["task", "latent"])["tv_distance"].mean().unstack(fill_value=0)
    cols = [c for c in table.columns if c != NOISE] + ([NOISE] if NOISE in table.columns else [])
    table = table[cols].rename(columns={NOISE: "noise (2nd seed)"})
    colours = [None] * (len(cols) - (NOISE in cols)) + ([COLOURS[NOISE]] if NOISE in cols else [])
    fig, ax = plt.subplots(figsize=(8, 4.2))
    table.plot.bar(ax=ax, width=0.8, color=[c or f"C{i}" for i, c in enumerate(colours)])
    ax.set_title("Task answer shift: full org vs ablated org, beside seed-to-seed noise", fontsize=10)
    ax.set_ylabel("total-variation distance of answers")
    ax.set_xlabel("task")
    ax.set_ylim(0, 1)
    ax.tick_params(axis="x", labelsize=7, rotation=30)
    ax.legend(fontsize=7, title="full vs", title_fontsize=7)
    return _save(fig, path, f"Bars: mean over {seeds} seed(s) of the TV distance between answer distributions "
                            "(answerable instances; 0 = same answers, 1 = disjoint). Grey: full vs the full "
                            "model on a second seed, the distance chance alone gives.")


def transfer_networks(graphs: dict, path: Path, seed: int) -> Path:
    """The agent transfer network of each variant (first seed): agents as nodes sized by transfers received,
    arrows old owner -> new owner with width by number of transfers."""
    import networkx as nx

    plt = _pyplot()
    fig, axes = plt.subplots(1, max(1, len(graphs)), figsize=(4.2 * max(1, len(graphs)), 4.4), squeeze=False)
    for ax, (variant, g) in zip(axes[0], graphs.items()):
        received = dict(g.in_degree(weight="weight"))
        pos = nx.spring_layout(g, seed=0, k=1.5 / max(1, len(g)) ** 0.5)
        weights = [d.get("weight", 1) for _, _, d in g.edges(data=True)]
        top = max(weights, default=1)
        nx.draw_networkx_edges(g, pos, ax=ax, width=[0.3 + 2.0 * w / top for w in weights], alpha=0.4,
                               arrowsize=6, edge_color="#68707A")
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[15 + 12 * received[n] for n in g.nodes],
                               node_color=colour(variant),
                               linewidths=0)
        ax.set_title(f"{variant}: {g.number_of_nodes()} agents, {int(sum(weights))} transfers", fontsize=9)
        ax.set_axis_off()
    fig.suptitle(f"Agent transfer network (seed {seed}): who hands cases to whom", fontsize=10)
    return _save(fig, path, "Nodes: agents, area grows with the transfers they received; arrows: old owner -> "
                            "new owner, width grows with the number of transfers. Layout: spring (seed 0).")


def degree_histograms(degrees: dict[str, list[float]], path: Path) -> Path:
    """Overlaid histograms of transfers received per agent, per variant (all seeds pooled)."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.4, 3.8))
    for variant, values in degrees.items():
        ax.hist(values, bins=20, alpha=0.55, label=variant, color=colour(variant))
    ax.set_xlabel("transfers received per agent")
    ax.set_ylabel("agents")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Transfers received per agent", fontsize=10)
    ax.legend(fontsize=8, title="org", title_fontsize=8)
    return _save(fig, path, "Counts of agents by the number of transfers they received (weighted in-degree of "
                            "the transfer network), every seed pooled.")


def score_bars(scores: pd.DataFrame, path: Path) -> Path:
    """Agent score per task with 95 % intervals, one bar per variant; the most-frequent baseline as a tick."""
    plt = _pyplot()
    variants = list(scores["variant"].unique())
    tasks = list(scores["task"].unique())
    fig, ax = plt.subplots(figsize=(8, 4.2))
    width = 0.8 / max(1, len(variants))
    for i, v in enumerate(variants):
        s = scores[scores["variant"] == v].groupby("task")[["score", "ci_low", "ci_high", "most_frequent"]] \
            .mean().reindex(tasks)
        x = [t + i * width for t in range(len(tasks))]
        err = [s["score"] - s["ci_low"], s["ci_high"] - s["score"]]
        ax.bar(x, s["score"], width=width, yerr=err, capsize=3, label=v, color=colour(v))
        ax.scatter(x, s["most_frequent"], marker="_", s=120, color="black",
                   label="most-frequent-answer baseline" if i == 0 else None)
    ax.set_xticks([t + 0.4 - width / 2 for t in range(len(tasks))], tasks, rotation=30, fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_xlabel("task")
    ax.set_title("Agent score per task, beside the most-frequent-answer baseline", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, path, "Error bars: 95 % interval of the score (Wilson for exact match with one trial, "
                            "else a seeded bootstrap over instances). Black ticks: score of always answering "
                            "the task's most frequent gold answer.")


def pass_k_curves(curves: dict[str, list[float]], path: Path, trials: int | None = None) -> Path:
    """pass^k against k for each agent configuration."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.4, 3.8))
    for name, values in curves.items():
        ax.plot(range(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("k (trials that must all succeed)")
    ax.set_ylabel("pass^k")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, 1.05)
    ax.set_title("pass^k on the exact-match tasks", fontsize=10)
    ax.legend(fontsize=8)
    n = f"n = {trials}" if trials else "n"
    return _save(fig, path, f"pass^k (tau-bench): mean over instances of C(c, k)/C(n, k) for c successes in "
                            f"{n} trials per instance.")
