"""Every study plot has a title, labelled axes and a caption saying what its bars and intervals mean."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from matplotlib.ticker import MaxNLocator

from crmarena.studies import plots


@pytest.fixture
def captured(monkeypatch):
    """The figure each plot function would save, with its caption, kept open for inspection."""
    seen = []

    def keep(fig, path, caption):
        seen.append((fig, caption))
        return path

    monkeypatch.setattr(plots, "_save", keep)
    return seen


def _titles(fig) -> list[str]:
    return [t for t in [fig._suptitle.get_text() if fig._suptitle else ""] + [a.get_title() for a in fig.axes] if t]


def test_signature_bars_show_the_noise_org_and_say_what_the_bars_are(captured, tmp_path):
    sig = pd.DataFrame([{"latent": "agent_skill", "name": "spread", "variant": v, "value": x}
                        for v, x in (("full", 1.0), ("agent_skill", 0.2), ("noise", 0.9))])
    plots.signature_bars(sig, "agent_skill", tmp_path / "s.png", seeds=1)
    fig, caption = captured[0]
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["full", "ablated", "noise org"]
    assert ax.get_ylabel() and _titles(fig) and "second seed" in caption and "no error bars" in caption


def test_answer_shift_has_labelled_axes_and_a_noise_bar(captured, tmp_path):
    shift = pd.DataFrame([{"task": t, "latent": lat, "tv_distance": d} for t in ("a", "b")
                          for lat, d in (("agent_skill", 0.4), ("noise", 0.1))])
    plots.answer_shift_bars(shift, tmp_path / "a.png")
    fig, caption = captured[0]
    ax = fig.axes[0]
    assert ax.get_xlabel() == "task" and "total-variation" in ax.get_ylabel() and _titles(fig)
    assert "noise (2nd seed)" in [t.get_text() for t in ax.get_legend().get_texts()] and "chance" in caption


def test_count_axes_have_integer_ticks(captured, tmp_path):
    plots.degree_histograms({"full": [0, 1, 1, 3], "noise": [0, 2]}, tmp_path / "d.png")
    fig, caption = captured[0]
    ax = fig.axes[0]
    assert ax.get_ylabel() == "agents" and ax.get_xlabel() and _titles(fig) and caption
    for axis in (ax.xaxis, ax.yaxis):
        loc = axis.get_major_locator()
        assert isinstance(loc, MaxNLocator) and loc._integer


def test_the_transfer_network_is_drawn_as_a_network(captured, tmp_path):
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2)
    g.add_node("c")
    plots.transfer_networks({"full": g, "agent_skill": g}, tmp_path / "n.png", seed=1)
    fig, caption = captured[0]
    assert len(fig.axes) == 2 and "3 agents, 2 transfers" in fig.axes[0].get_title()
    assert fig.axes[0].collections            # nodes drawn
    assert "arrows" in caption and "Nodes" in caption


def test_score_bars_explain_their_intervals_and_show_the_baseline(captured, tmp_path):
    scores = pd.DataFrame([{"variant": "full", "task": "t", "score": 0.5, "ci_low": 0.3, "ci_high": 0.7,
                            "most_frequent": 0.2}])
    plots.score_bars(scores, tmp_path / "s.png")
    fig, caption = captured[0]
    assert "95 % interval" in caption and "most frequent" in caption and fig.axes[0].get_ylabel() == "score"
    assert "most-frequent-answer baseline" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_pass_k_names_its_trials(captured, tmp_path):
    plots.pass_k_curves({"oracle": [1.0, 1.0]}, tmp_path / "p.png", trials=2)
    fig, caption = captured[0]
    assert "n = 2 trials" in caption and isinstance(fig.axes[0].xaxis.get_major_locator(), MaxNLocator)
