"""policy_violation (per agent): how often an agent breaches company policy, and which articles.

- ``rate`` (A) ~ Beta(rate_alpha, rate_beta): chance that a case the agent owns carries a breach
  in the agent's own words (an email reply or a chat line).
- ``article_prefs`` (A x number of policies) ~ Dirichlet(article_concentration): which policy the
  agent tends to breach (a small concentration makes each agent favour one or two articles).

Signature: violation rates vary between agents beyond one shared rate; an agent's breaches
concentrate on few articles. The breached article is saved per case in ``latents/cases.parquet``.
Ablation: every agent has the population mean rate alpha / (alpha + beta) and uniform article
weights.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.latents._pm import constant, dirichlet, dirichlet_numpy

NAME = "policy_violation"
UNIT = "agent"
PARAMS = ("rate_alpha", "rate_beta", "article_concentration")
SIGNED: tuple[str, ...] = ()
SIGNATURE = "agent violation-rate overdispersion; few articles per violating agent"
ABLATION = "population mean rate alpha/(alpha+beta), uniform article weights"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, A = cfg.latent(NAME), sizes.agents
    n_pol = len(data("policies")["policies"])
    if ablated:
        constant(f"{NAME}.rate", p["rate_alpha"] / (p["rate_alpha"] + p["rate_beta"]), (A,))
        constant(f"{NAME}.article_prefs", np.full(n_pol, 1 / n_pol), (A, n_pol))
    else:
        pm.Beta(f"{NAME}.rate", alpha=p["rate_alpha"], beta=p["rate_beta"], shape=A)
        dirichlet(f"{NAME}.article_prefs", np.full(n_pol, p["article_concentration"]), A)
    return [f"{NAME}.rate", f"{NAME}.article_prefs"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, A = cfg.latent(NAME), sizes.agents
    n_pol = len(data("policies")["policies"])
    if ablated:
        return {f"{NAME}.rate": np.full(A, p["rate_alpha"] / (p["rate_alpha"] + p["rate_beta"])),
                f"{NAME}.article_prefs": np.full((A, n_pol), 1 / n_pol)}
    return {f"{NAME}.rate": g(f"{NAME}.rate").beta(p["rate_alpha"], p["rate_beta"], A),
            f"{NAME}.article_prefs": dirichlet_numpy(g, f"{NAME}.article_prefs",
                                                     np.full(n_pol, p["article_concentration"]), A)}
