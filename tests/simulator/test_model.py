"""Ids against a plain-Python Salesforce reference; the PyMC latent model against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from crmarena.simulator.config import Sizes, load_config
from crmarena.simulator.ids import checksum_ok, ref_array

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def reference_id(prefix: str, row: int) -> str:
    k, digits = row + 1, ""
    for _ in range(9):
        k, d = divmod(k, 62)
        digits = B62[d] + digits
    base = prefix + "000" + digits
    suffix = ""
    for c in range(3):
        chunk = base[c * 5:c * 5 + 5]
        suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[sum(1 << i for i, ch in enumerate(chunk) if ch.isupper())]
    return base + suffix


def test_ids_match_the_salesforce_rule():
    assert checksum_ok("001A0000006Vm9rIAC")                   # Salesforce's documented example
    assert not checksum_ok("001A0000006Vm9rIAD")
    rows = np.concatenate([np.arange(300), np.random.default_rng(1).integers(0, 62 ** 8, 500)])
    got = ref_array("a1M", rows).to_pylist()
    assert got == [reference_id("a1M", int(r)) for r in rows]
    with_null = ref_array("005", np.array([3, -1, 0]))
    assert with_null.to_pylist() == [reference_id("005", 3), None, reference_id("005", 0)]


@pytest.fixture(scope="module")
def small():
    cfg = load_config()
    return cfg, Sizes.of(cfg, 200)


def test_pymc_forward_draw_equals_the_numpy_reference(small):
    from crmarena.simulator.model import draw_latents, draw_latents_numpy

    cfg, sizes = small
    for ablate in ((), ("agent_skill", "shopping_habit")):
        a, b = draw_latents(cfg, sizes, 9, ablate), draw_latents_numpy(cfg, sizes, 9, ablate)
        for name, value in b.items():
            np.testing.assert_allclose(a[name], value, rtol=1e-12, err_msg=name)


def test_every_latent_module_defines_both_backends():
    from crmarena.simulator.latents import LATENTS, module

    for name in LATENTS:
        mod = module(name)
        assert callable(getattr(mod, "build", None)), f"{name} has no build"
        assert callable(getattr(mod, "draw_numpy", None)), f"{name} has no draw_numpy"


def test_each_latent_draws_from_its_own_stream(small):
    from crmarena.simulator.model import draw_latents

    cfg, sizes = small
    full, abl = draw_latents(cfg, sizes, 9), draw_latents(cfg, sizes, 9, ("agent_skill",))
    assert np.ptp(abl["agent_skill.skill"]) == 0 and np.ptp(full["agent_skill.skill"]) > 1
    for name in ("shopping_habit.month_weights", "policy_violation.rate", "product_defect.profile"):
        np.testing.assert_array_equal(full[name], abl[name])


def test_ablated_skill_keeps_the_mean_resolve_probability(small):
    from crmarena.simulator.latents.agent_skill import population_logit

    cfg, _ = small
    p = cfg.latent("agent_skill")
    x = np.random.default_rng(0).normal(p["mean_logit"], np.hypot(p["agent_sd"], p["issue_sd"]), 400_000)
    mc = np.mean(1 / (1 + np.exp(-x)))
    assert abs(1 / (1 + np.exp(-population_logit(p))) - mc) < 2e-3


def test_agent_count_follows_cases_within_the_contact_centre_bounds():
    cfg = load_config()
    lim = cfg.sizes
    assert Sizes.of(cfg, 50).agents == lim.min_agents
    assert Sizes.of(cfg, 1000).agents == round(1000 * cfg.ratios.agents_per_case)
    assert Sizes.of(cfg, 1_000_000).agents == lim.max_agents      # caseload per agent grows instead
    assert Sizes.of(cfg, 1_000_000).agents < round(1_000_000 * cfg.ratios.agents_per_case)
