import networkx as nx
import numpy as np

from crmarena.studies.signatures import overdispersion
from crmarena.studies.transfer_network import gini, summarize


def test_overdispersion_is_about_one_for_a_shared_rate_and_large_for_mixed_rates():
    rng = np.random.default_rng(0)
    trials = np.full(400, 50)
    shared = rng.binomial(trials, 0.2)
    mixed = rng.binomial(trials, rng.beta(1, 4, 400))
    assert 0.7 < overdispersion(shared, trials) < 1.3
    assert overdispersion(mixed, trials) > 3


def test_gini_bounds():
    assert gini(np.ones(10)) == 0.0
    assert gini(np.array([0] * 9 + [5])) > 0.85


def test_network_summary_counts_weighted_transfers():
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=3)
    g.add_edge("b", "a", weight=1)
    g.add_node("c")
    s = summarize(g)
    assert (s.agents, s.transfers, s.reciprocity) == (3, 4, 1.0)
