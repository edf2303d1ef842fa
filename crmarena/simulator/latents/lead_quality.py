"""lead_quality (per lead): which BANT factors hold, and so how likely the lead converts.

- ``quality`` (L) ~ Normal(0, 1): the lead's latent quality.
- ``factor_logit(cfg, quality)`` (L x 4) = factor_logit[f] + loading * quality: logit that the lead
  meets factor f (Budget, Authority, Need, Timeline), computed by the record step from its block's
  leads (not kept for the org: 19.2M x 4 floats at 10M cases); the record step draws each factor, and
  the lead converts with logit ``sales.conversion_logit + sales.conversion_per_factor * factors met``.

Signature: a lead's BANT factors are positively correlated (one quality drives all four), and leads
meeting more factors convert more often.
Ablation: quality 0 for every lead: the factors are independent at their population rates (the
conversion still follows the factors met).
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant, f64 as _f64

NAME = "lead_quality"
UNIT = "lead"
PARAMS = ("loading", "factor_logit")
SIGNED = ("factor_logit",)
SIGNATURE = "positive correlation between a lead's BANT factors"
ABLATION = "quality 0: BANT factors independent at their population rates"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    if ablated:
        constant(f"{NAME}.quality", 0.0, (sizes.leads,))
    else:
        pm.Normal(f"{NAME}.quality", mu=0.0, sigma=1.0, shape=sizes.leads)
    return [f"{NAME}.quality"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    L = sizes.leads
    return {f"{NAME}.quality": np.zeros(L) if ablated else g(f"{NAME}.quality").normal(0.0, 1.0, L)}


def factor_logit(cfg, quality: np.ndarray) -> np.ndarray:
    """(len(quality), 4) logits that each lead meets Budget, Authority, Need, Timeline."""
    p = _f64(cfg.latent(NAME))
    return np.asarray(p["factor_logit"], float)[None, :] + p["loading"] * np.asarray(quality, float)[:, None]
