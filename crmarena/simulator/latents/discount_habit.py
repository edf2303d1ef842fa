"""discount_habit (per sales rep): how deep the rep discounts, and how often past the policy.

- ``depth`` (R) ~ Gamma(depth_shape, depth_mean / depth_shape): the rep's usual line discount (percent);
  a quote line's discount is drawn around it, capped at the account segment's policy limit.
- ``breach_rate`` (R) ~ Beta(breach_alpha, breach_beta): the chance that a quote of the rep carries one
  line past the segment's limit (the quotes quote_approval asks about).

Signature: reps differ in discount depth and in how many of their quotes break the discount policy
(overdispersion of breaches per rep).
Ablation: every rep discounts at the population mean depth and breaches at the mean rate.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant, f64 as _f64

NAME = "discount_habit"
UNIT = "sales rep"
PARAMS = ("depth_shape", "depth_mean", "breach_alpha", "breach_beta")
SIGNED = ()
SIGNATURE = "overdispersion of policy-breaching quotes across reps"
ABLATION = "population mean discount depth and breach rate for every rep"


def _mean_rate(p) -> float:
    return p["breach_alpha"] / (p["breach_alpha"] + p["breach_beta"])


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, R = _f64(cfg.latent(NAME)), sizes.reps
    if ablated:
        constant(f"{NAME}.depth", p["depth_mean"], (R,))
        constant(f"{NAME}.breach_rate", _mean_rate(p), (R,))
    else:
        pm.Gamma(f"{NAME}.depth", alpha=p["depth_shape"], beta=p["depth_shape"] / p["depth_mean"], shape=R)
        pm.Beta(f"{NAME}.breach_rate", alpha=p["breach_alpha"], beta=p["breach_beta"], shape=R)
    return [f"{NAME}.depth", f"{NAME}.breach_rate"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, R = cfg.latent(NAME), sizes.reps
    if ablated:
        return {f"{NAME}.depth": np.full(R, float(p["depth_mean"])), f"{NAME}.breach_rate": np.full(R, _mean_rate(p))}
    return {f"{NAME}.depth": g(f"{NAME}.depth").gamma(p["depth_shape"], p["depth_mean"] / p["depth_shape"], R),
            f"{NAME}.breach_rate": g(f"{NAME}.breach_rate").beta(p["breach_alpha"], p["breach_beta"], R)}
