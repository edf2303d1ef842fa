"""The PyMC model of the org's latents, and their forward draw.

``latent_model`` declares every latent module's variables in one ``pm.Model`` (the specification);
``draw_latents`` compiles them once and draws them forward. Each random variable gets its own
generator seeded from the master seed and the variable's name (``latent.<variable>``), so one
latent's ablation (a constant in place of its random variables) changes no other latent's draws.
This is ``pm.draw`` with per-variable seeds instead of one seed spread over the graph in order.

The record-level quantities those latents drive (orders, cases, transfers, handle times, breaches)
are drawn by the vectorised numpy record steps (``orders.py``, ``cases.py``, ``messages.py``); ``study
recover`` fits the latents back from the records with PyMC (crmarena/studies/recover.py).
"""

from __future__ import annotations

import warnings

import numpy as np

from crmarena.simulator.latents import LATENTS, SALES_LATENTS, module
from crmarena.simulator.seeds import Streams


def latent_model(cfg, sizes, ablate: tuple[str, ...] = ()):
    """(pm.Model, {latent name: [variable names]})."""
    import pymc as pm

    owned: dict[str, list[str]] = {}
    with pm.Model() as m:
        for name in LATENTS:
            owned[name] = module(name).build(cfg, sizes, name in ablate)
    return m, owned


def _compile(outputs):
    from pymc.pytensorf import compile as pm_compile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pm_compile([], outputs, random_seed=None)


def draw_latents(cfg, sizes, seed: int, ablate: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Forward draw of every latent variable (including the intermediate raw draws)."""
    m, owned = latent_model(cfg, sizes, ablate)
    rvs = list(m.basic_RVs)
    outs = rvs + list(m.deterministics)
    fn = _compile(outs)   # (compiling reseeds every generator: set ours afterwards)
    streams = Streams(seed)
    for rv in rvs:        # the generator of each random variable, keyed by its name only
        rv.owner.inputs[0].set_value(streams(f"latent.{rv.name}"), borrow=True)
    values = fn()
    return {v.name: np.asarray(x) for v, x in zip(outs, values)}


def draw_latents_numpy(cfg, sizes, seed: int, ablate: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """The same distributions drawn with numpy directly (the bench's reference, never the product).

    Mirrors the latent modules' ``build``; the bench reports the time ratio of the two.
    """
    from crmarena.simulator.latents import agent_skill, complaint_habit, policy_violation, product_defect, \
        shopping_habit
    from crmarena.simulator.config import data

    streams = Streams(seed)
    g = lambda name: streams(f"latent.{name}")  # noqa: E731
    C, A, P, NI = sizes.customers, sizes.agents, sizes.products, sizes.issues
    n_pol, S = len(data("policies")["policies"]), len(data("states")["states"])
    L = {n: cfg.latent(n) for n in LATENTS}

    def dirich(name, alpha, n):
        raw = g(name + "_raw").gamma(np.asarray(alpha, float), 1.0, (n, len(alpha)))
        return raw / raw.sum(1, keepdims=True)

    out: dict[str, np.ndarray] = {}
    sh, season, demand = L["shopping_habit"], None, shopping_habit.category_demand()
    season = np.asarray(sh["population_season"], float) / np.sum(sh["population_season"])
    if "shopping_habit" in ablate:
        out |= {"shopping_habit.month_weights": np.broadcast_to(season, (C, 12)),
                "shopping_habit.category_prefs": np.broadcast_to(demand, (C, len(demand))),
                "shopping_habit.intensity": np.ones(C)}
    else:
        out |= {"shopping_habit.month_weights": dirich("shopping_habit.month_weights",
                                                       sh["season_concentration"] * 12 * season, C),
                "shopping_habit.category_prefs": dirich("shopping_habit.category_prefs",
                                                        sh["category_concentration"] * len(demand) * demand, C),
                "shopping_habit.intensity": g("shopping_habit.intensity").gamma(sh["intensity_shape"], 1.0, C)}
    ch, mix = L["complaint_habit"], complaint_habit.channel_mix(cfg)
    if "complaint_habit" in ablate:
        out |= {"complaint_habit.propensity": np.ones(C), "complaint_habit.channel_prefs": np.broadcast_to(mix, (C, 4))}
    else:
        s = ch["propensity_shape"]
        out |= {"complaint_habit.propensity": g("complaint_habit.propensity").gamma(s, 1 / s, C),
                "complaint_habit.channel_prefs": dirich("complaint_habit.channel_prefs",
                                                        np.maximum(ch["channel_concentration"] * 4 * mix, 1e-3), C)}
    sk = L["agent_skill"]
    if "agent_skill" in ablate:
        c = agent_skill.population_logit(sk)
        out |= {"agent_skill.skill": np.full((A, NI), c), "agent_skill.log_speed": np.zeros(A)}
    else:
        general = g("agent_skill.general").normal(sk["mean_logit"], sk["agent_sd"], A)
        out["agent_skill.skill"] = general[:, None] + g("agent_skill.issue_offset").normal(0, sk["issue_sd"], (A, NI))
        out["agent_skill.log_speed"] = sk["speed_skill_coupling"] * (general - sk["mean_logit"]) + \
            g("agent_skill.speed_noise").normal(0, sk["speed_sd"], A)
    pv = L["policy_violation"]
    if "policy_violation" in ablate:
        out |= {"policy_violation.rate": np.full(A, pv["rate_alpha"] / (pv["rate_alpha"] + pv["rate_beta"])),
                "policy_violation.article_prefs": np.full((A, n_pol), 1 / n_pol)}
    else:
        out |= {"policy_violation.rate": g("policy_violation.rate").beta(pv["rate_alpha"], pv["rate_beta"], A),
                "policy_violation.article_prefs": dirich("policy_violation.article_prefs",
                                                         np.full(n_pol, pv["article_concentration"]), A)}
    pd_, shares = L["product_defect"], product_defect.issue_shares()
    if "product_defect" in ablate:
        out |= {"product_defect.profile": np.broadcast_to(shares, (P, NI)), "product_defect.rate": np.ones(P)}
    else:
        out |= {"product_defect.profile": dirich("product_defect.profile",
                                                 pd_["profile_concentration"] * NI * shares, P),
                "product_defect.rate": g("product_defect.rate").gamma(pd_["rate_shape"], 1 / pd_["rate_shape"], P)}
    out["region_speed.log_offset"] = np.zeros(S) if "region_speed" in ablate else \
        g("region_speed.log_offset").normal(0, L["region_speed"]["sd"], S)
    w = L["agent_workload"]["shape"]
    out["agent_workload.weight"] = np.ones(A) if "agent_workload" in ablate else \
        g("agent_workload.weight").gamma(w, 1 / w, A)
    _ = policy_violation
    for name in SALES_LATENTS:
        out |= module(name).draw_numpy(cfg, sizes, g, name in ablate)
    return out
