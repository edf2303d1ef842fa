"""Plots of a study (matplotlib, Agg backend, PNG files). Each function writes one figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def signature_bars(signatures: pd.DataFrame, latent: str, path: Path) -> Path:
    """One panel per signature of ``latent``: full org vs the org with ``latent`` ablated (mean ± sd over seeds)."""
    plt = _pyplot()
    rows = signatures[(signatures["latent"] == latent) & signatures["variant"].isin(["full", latent])]
    names = sorted(rows["name"].unique())
    fig, axes = plt.subplots(1, max(1, len(names)), figsize=(3.2 * max(1, len(names)), 3.2), squeeze=False)
    for ax, name in zip(axes[0], names):
        g = rows[rows["name"] == name].groupby("variant")["value"]
        stats = pd.DataFrame({"mean": g.mean(), "sd": g.std().fillna(0)}).reindex(["full", latent])
        ax.bar(["full", "ablated"], stats["mean"], yerr=stats["sd"], color=["#4C8EDA", "#F79767"], capsize=4)
        ax.set_title(name.replace("_", " "), fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(f"{latent}: signatures, full vs ablated", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def answer_shift_bars(shift: pd.DataFrame, path: Path) -> Path:
    """Total-variation distance between each task's answer distribution in the full and ablated orgs."""
    plt = _pyplot()
    table = shift.groupby(["task", "latent"])["tv_distance"].mean().unstack(fill_value=0)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    table.plot.bar(ax=ax, width=0.8)
    ax.set_ylabel("TV distance of answers")
    ax.set_xlabel("")
    ax.tick_params(axis="x", labelsize=7, rotation=30)
    ax.legend(fontsize=7, title="ablated", title_fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def degree_histograms(degrees: dict[str, list[float]], path: Path, title: str) -> Path:
    """Overlaid histograms of weighted in-degree of the transfer network per variant."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.4))
    for variant, values in degrees.items():
        ax.hist(values, bins=20, alpha=0.55, label=variant)
    ax.set_xlabel("transfers received per agent")
    ax.set_ylabel("agents")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def score_bars(scores: pd.DataFrame, path: Path) -> Path:
    """Agent score per task with confidence intervals, one bar per variant."""
    plt = _pyplot()
    variants = list(scores["variant"].unique())
    tasks = list(scores["task"].unique())
    fig, ax = plt.subplots(figsize=(8, 3.8))
    width = 0.8 / max(1, len(variants))
    for i, v in enumerate(variants):
        s = scores[scores["variant"] == v].set_index("task").reindex(tasks)
        x = [t + i * width for t in range(len(tasks))]
        err = [s["score"] - s["ci_low"], s["ci_high"] - s["score"]]
        ax.bar(x, s["score"], width=width, yerr=err, capsize=3, label=v)
    ax.set_xticks([t + 0.4 - width / 2 for t in range(len(tasks))], tasks, rotation=30, fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def pass_k_curves(curves: dict[str, list[float]], path: Path) -> Path:
    """pass^k against k for each agent configuration."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.4))
    for name, values in curves.items():
        ax.plot(range(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("k")
    ax.set_ylabel("pass^k")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
