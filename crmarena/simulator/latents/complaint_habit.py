"""complaint_habit (per customer): how readily a customer opens cases, and on which channel.

- ``propensity`` (C) ~ Gamma(propensity_shape, propensity_shape) (mean 1): multiplies the chance
  that one of their order items becomes a case.
- ``channel_prefs`` (C x 4: Email, Phone, Web, Chat) ~ Dirichlet(channel_concentration * 4 *
  channel_mix of the preset): the origin of their cases.

Signature: cases per order vary between customers beyond a shared rate (overdispersion > 1); a
repeat complainer keeps to a favourite channel.
Ablation: propensity 1 and the preset's channel mix for every customer (same expected case
volume and channel shares).
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.config import CHANNELS
from crmarena.simulator.latents._pm import constant, dirichlet, dirichlet_numpy, normalised

NAME = "complaint_habit"
UNIT = "customer"
PARAMS = ("propensity_shape", "channel_concentration")
SIGNED: tuple[str, ...] = ()
SIGNATURE = "customer case-per-order overdispersion; repeat complainers' favourite-channel share"
ABLATION = "propensity 1 and the preset channel mix for every customer"


def channel_mix(cfg) -> np.ndarray:
    return normalised([cfg.ratios.channel_mix[c] for c in CHANNELS])


def channel_alpha(cfg) -> np.ndarray:
    """Dirichlet weights of the channel preference (a floor keeps every channel possible)."""
    return np.maximum(cfg.latent(NAME)["channel_concentration"] * len(CHANNELS) * channel_mix(cfg), 1e-3)


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, C = cfg.latent(NAME), sizes.customers
    if ablated:
        constant(f"{NAME}.propensity", 1.0, (C,))
        constant(f"{NAME}.channel_prefs", channel_mix(cfg), (C, len(CHANNELS)))
    else:
        pm.Gamma(f"{NAME}.propensity", alpha=p["propensity_shape"], beta=p["propensity_shape"], shape=C)
        dirichlet(f"{NAME}.channel_prefs", channel_alpha(cfg), C)
    return [f"{NAME}.propensity", f"{NAME}.channel_prefs"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, C = cfg.latent(NAME), sizes.customers
    if ablated:
        return {f"{NAME}.propensity": np.ones(C),
                f"{NAME}.channel_prefs": np.broadcast_to(channel_mix(cfg), (C, len(CHANNELS)))}
    s = p["propensity_shape"]
    return {f"{NAME}.propensity": g(f"{NAME}.propensity").gamma(s, 1 / s, C),
            f"{NAME}.channel_prefs": dirichlet_numpy(g, f"{NAME}.channel_prefs", channel_alpha(cfg), C)}
