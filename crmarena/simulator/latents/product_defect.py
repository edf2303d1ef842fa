"""product_defect (per product): which issues a product's cases are about, and how many it draws.

- ``profile`` (P x I) ~ Dirichlet(profile_concentration * population issue shares of issues.yaml).
- ``rate`` (P) ~ Gamma(rate_shape, rate_shape) (mean 1): multiplies the chance that an order item
  of the product becomes a case.

Signature: each product's cases concentrate on its own top issue (top-issue share above the
population's); case counts per sold item vary between products.
Ablation: every product has the population issue shares and rate 1.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.latents._pm import constant, dirichlet, dirichlet_numpy, normalised

NAME = "product_defect"
UNIT = "product"
PARAMS = ("profile_concentration", "rate_shape")
SIGNED: tuple[str, ...] = ()
SIGNATURE = "per-product top-issue share above the population share; case-per-item overdispersion"
ABLATION = "population issue shares and rate 1 for every product"


def issue_shares():
    return normalised([i["share"] for i in data("issues")["issues"]])


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, P, shares = cfg.latent(NAME), sizes.products, issue_shares()
    if ablated:
        constant(f"{NAME}.profile", shares, (P, len(shares)))
        constant(f"{NAME}.rate", 1.0, (P,))
    else:
        dirichlet(f"{NAME}.profile", p["profile_concentration"] * len(shares) * shares, P)
        pm.Gamma(f"{NAME}.rate", alpha=p["rate_shape"], beta=p["rate_shape"], shape=P)
    return [f"{NAME}.profile", f"{NAME}.rate"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, P, shares = cfg.latent(NAME), sizes.products, issue_shares()
    if ablated:
        return {f"{NAME}.profile": np.broadcast_to(shares, (P, len(shares))), f"{NAME}.rate": np.ones(P)}
    return {f"{NAME}.profile": dirichlet_numpy(g, f"{NAME}.profile",
                                               p["profile_concentration"] * len(shares) * shares, P),
            f"{NAME}.rate": g(f"{NAME}.rate").gamma(p["rate_shape"], 1 / p["rate_shape"], P)}
