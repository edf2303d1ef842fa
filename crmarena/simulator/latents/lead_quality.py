"""lead_quality (per lead): which BANT factors hold, and so how likely the lead converts.

- ``quality`` (L) ~ Normal(0, 1): the lead's latent quality.
- ``factor_logit`` (L x 4) = factor_logit[f] + loading * quality: logit that the lead meets factor f
  (Budget, Authority, Need, Timeline); the record step draws each factor, and the lead converts with
  logit ``sales.conversion_logit + sales.conversion_per_factor * factors met``.

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

    p, L = _f64(cfg.latent(NAME)), sizes.leads
    base = np.asarray(p["factor_logit"], float)
    if ablated:
        constant(f"{NAME}.quality", 0.0, (L,))
        constant(f"{NAME}.factor_logit", base, (L, len(base)))
    else:
        q = pm.Normal(f"{NAME}.quality", mu=0.0, sigma=1.0, shape=L)
        pm.Deterministic(f"{NAME}.factor_logit", base[None, :] + p["loading"] * q[:, None])
    return [f"{NAME}.quality", f"{NAME}.factor_logit"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, L = cfg.latent(NAME), sizes.leads
    base = np.asarray(p["factor_logit"], float)
    q = np.zeros(L) if ablated else g(f"{NAME}.quality").normal(0.0, 1.0, L)
    return {f"{NAME}.quality": q, f"{NAME}.factor_logit": base[None, :] + (0.0 if ablated else p["loading"]) * q[:, None]}
