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

from crmarena.simulator.latents import LATENTS, module
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
    """Forward draw of the variables each latent module declares (its ``build``'s list); intermediate
    draws (a Dirichlet's Gamma form) are computed and freed, never returned (at 10M cases they were
    450 MB of the org's memory)."""
    m, owned = latent_model(cfg, sizes, ablate)
    rvs = list(m.basic_RVs)
    outs = [m[name] for names in owned.values() for name in names]
    fn = _compile(outs)   # (compiling reseeds every generator: set ours afterwards)
    streams = Streams(seed)
    for rv in rvs:        # the generator of each random variable, keyed by its name only
        rv.owner.inputs[0].set_value(streams(f"latent.{rv.name}"), borrow=True)
    values = fn()
    return {v.name: np.asarray(x) for v, x in zip(outs, values)}


def draw_latents_numpy(cfg, sizes, seed: int, ablate: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """The same distributions drawn with numpy directly (the bench's reference, never the product).

    Each latent module's ``draw_numpy`` mirrors its ``build``, drawing every random variable from the
    stream ``draw_latents`` gives it (``latent.<variable>``); the bench reports the time ratio of the two.
    """
    streams = Streams(seed)
    g = lambda name: streams(f"latent.{name}")  # noqa: E731
    out: dict[str, np.ndarray] = {}
    for name in LATENTS:
        out |= module(name).draw_numpy(cfg, sizes, g, name in ablate)
    return out
