"""region_speed (per US state): how fast cases from a state are closed.

- ``log_offset`` (S) ~ Normal(0, sd): added to the log handle time of every case whose account ships
  to that state (local carriers, time zones, regional teams).

Signature: mean log handle time differs between states beyond sampling noise (the answer of the
best-region task is stable across windows).
Ablation: offset 0 for every state.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.latents._pm import constant

NAME = "region_speed"
UNIT = "state"
PARAMS = ("sd",)
SIGNED: tuple[str, ...] = ()
SIGNATURE = "between-state variance of mean log handle time"
ABLATION = "log offset 0 for every state"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    S = len(data("states")["states"])
    if ablated:
        constant(f"{NAME}.log_offset", 0.0, (S,))
    else:
        pm.Normal(f"{NAME}.log_offset", mu=0.0, sigma=cfg.latent(NAME)["sd"], shape=S)
    return [f"{NAME}.log_offset"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    S = len(data("states")["states"])
    if ablated:
        return {f"{NAME}.log_offset": np.zeros(S)}
    return {f"{NAME}.log_offset": g(f"{NAME}.log_offset").normal(0, cfg.latent(NAME)["sd"], S)}
