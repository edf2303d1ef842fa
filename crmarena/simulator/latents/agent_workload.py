"""agent_workload (per agent): the share of new cases routed to an agent.

- ``weight`` (A) ~ Gamma(shape, shape) (mean 1): first assignments and transfer targets are drawn
  in proportion to it (part-timers, senior agents, queues).

Signature: cases per agent vary beyond a multinomial with equal shares.
Ablation: weight 1 for every agent (uniform routing).
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant

NAME = "agent_workload"
UNIT = "agent"
PARAMS = ("shape",)
SIGNED: tuple[str, ...] = ()
SIGNATURE = "cases-per-agent overdispersion"
ABLATION = "weight 1 for every agent"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    s = cfg.latent(NAME)["shape"]
    if ablated:
        constant(f"{NAME}.weight", 1.0, (sizes.agents,))
    else:
        pm.Gamma(f"{NAME}.weight", alpha=s, beta=s, shape=sizes.agents)
    return [f"{NAME}.weight"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    s = cfg.latent(NAME)["shape"]
    if ablated:
        return {f"{NAME}.weight": np.ones(sizes.agents)}
    return {f"{NAME}.weight": g(f"{NAME}.weight").gamma(s, 1 / s, sizes.agents)}
