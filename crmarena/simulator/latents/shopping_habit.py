"""shopping_habit (per customer): when and what a customer buys, and how often.

- ``month_weights`` (C x 12) ~ Dirichlet(season_concentration * 12 * population_season): the
  customer's own seasonal profile around the population's (Nov/Dec peaks, Jan/Feb dip).
- ``category_prefs`` (C x K) ~ Dirichlet(category_concentration * K * category demand): what they buy.
- ``intensity`` (C) ~ Gamma(intensity_shape, 1): repeat purchases go to customers in proportion to
  it (heavy tail: the top 20 % of customers place most orders).

Signature: customers' orders cluster in their own months and categories beyond what the population
shares give (customer x month and customer x category overdispersion); a heavy-tailed order count.
Ablation: every customer gets the population profile (normalised population_season, category
demand) and intensity 1 — the population marginals (holiday lift, category mix) are unchanged.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.latents._pm import constant, dirichlet, dirichlet_numpy, normalised

NAME = "shopping_habit"
UNIT = "customer"
PARAMS = ("season_concentration", "population_season", "holiday_day_factor", "category_concentration",
          "intensity_shape")
SIGNED: tuple[str, ...] = ()
SIGNATURE = "customer x month and customer x category overdispersion; heavy-tailed orders per customer"
ABLATION = "population month profile, population category demand, intensity 1 for every customer"


def category_demand():
    return normalised([c["demand"] for c in data("catalogue")["categories"]])


def season(p: dict):
    return normalised(p["population_season"])


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, C = cfg.latent(NAME), sizes.customers
    months, demand = season(p), category_demand()
    if ablated:
        constant(f"{NAME}.month_weights", months, (C, 12))
        constant(f"{NAME}.category_prefs", demand, (C, len(demand)))
        constant(f"{NAME}.intensity", 1.0, (C,))
    else:
        dirichlet(f"{NAME}.month_weights", p["season_concentration"] * 12 * months, C)
        dirichlet(f"{NAME}.category_prefs", p["category_concentration"] * len(demand) * demand, C)
        pm.Gamma(f"{NAME}.intensity", alpha=p["intensity_shape"], beta=1.0, shape=C)
    return [f"{NAME}.month_weights", f"{NAME}.category_prefs", f"{NAME}.intensity"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, C = cfg.latent(NAME), sizes.customers
    months, demand = season(p), category_demand()
    if ablated:
        return {f"{NAME}.month_weights": np.broadcast_to(months, (C, 12)),
                f"{NAME}.category_prefs": np.broadcast_to(demand, (C, len(demand))),
                f"{NAME}.intensity": np.ones(C)}
    return {f"{NAME}.month_weights": dirichlet_numpy(g, f"{NAME}.month_weights",
                                                     p["season_concentration"] * 12 * months, C),
            f"{NAME}.category_prefs": dirichlet_numpy(g, f"{NAME}.category_prefs",
                                                      p["category_concentration"] * len(demand) * demand, C),
            f"{NAME}.intensity": g(f"{NAME}.intensity").gamma(p["intensity_shape"], 1.0, C)}
