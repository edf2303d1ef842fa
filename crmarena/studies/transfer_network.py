"""The agent transfer network (networkx): who hands cases to whom, and how central agents are.

Skilled agents receive transfers and rarely give them; with agent_skill ablated the network
loses its hubs, which shows in the concentration (Gini) of in-degree centrality.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from crmarena.graph_schema.picklists import OWNER_ASSIGNMENT
from crmarena.studies.tables import gini, read_table


@dataclass(frozen=True)
class NetworkSummary:
    agents: int
    transfers: int
    in_degree_gini: float
    top_in_degree_centrality: float
    reciprocity: float


def transfer_graph(org_dir: Path) -> nx.DiGraph:
    """Directed graph old owner -> new owner, weighted by the number of transfers."""
    h = read_table(org_dir, "CaseHistory", ["field", "oldOwnerId", "newOwnerId"])
    h = h[(h["field"] == OWNER_ASSIGNMENT) & h["oldOwnerId"].notna()]
    g = nx.DiGraph()
    g.add_nodes_from(read_table(org_dir, "User", ["id"])["id"])
    for (a, b), w in h.groupby(["oldOwnerId", "newOwnerId"]).size().items():
        g.add_edge(a, b, weight=int(w))
    return g


def summarize(g: nx.DiGraph) -> NetworkSummary:
    weighted_in = np.array([d for _, d in g.in_degree(weight="weight")])
    centrality = nx.in_degree_centrality(g) if len(g) > 1 else {}
    return NetworkSummary(agents=g.number_of_nodes(), transfers=int(weighted_in.sum()),
                          in_degree_gini=gini(weighted_in),
                          top_in_degree_centrality=max(centrality.values(), default=0.0),
                          reciprocity=float(nx.reciprocity(g)) if g.number_of_edges() else 0.0)
