"""territory_coverage (per sales rep): the rep's share of their territory's leads and deals.

- ``weight`` (R) ~ Gamma(shape, shape): leads and opportunities of a territory go to its reps in
  proportion to their weights (mean 1: some reps cover much more of their territory than others).

Signature: within a territory, leads per rep are overdispersed beyond an even split.
Ablation: weight 1: every rep of a territory gets an even share.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant

NAME = "territory_coverage"
UNIT = "sales rep"
PARAMS = ("shape",)
SIGNED = ()
SIGNATURE = "overdispersion of leads per rep within a territory"
ABLATION = "even split of a territory's leads and deals among its reps"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    s, R = np.float64(cfg.latent(NAME)["shape"]), sizes.reps
    if ablated:
        constant(f"{NAME}.weight", 1.0, (R,))
    else:
        pm.Gamma(f"{NAME}.weight", alpha=s, beta=s, shape=R)
    return [f"{NAME}.weight"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    s, R = cfg.latent(NAME)["shape"], sizes.reps
    return {f"{NAME}.weight": np.ones(R) if ablated else g(f"{NAME}.weight").gamma(s, 1 / s, R)}
