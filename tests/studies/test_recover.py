"""Fitting back at small scale: the posterior intervals of agents' skill and speed cover the truth."""

from __future__ import annotations

import pytest

from crmarena.errors import CrmarenaError


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    from crmarena.simulator import simulate_org

    # crmarena ratios: 100 agents with ~10 cases each is enough to learn something per agent
    return simulate_org(seed=21, cases=1000, out_dir=tmp_path_factory.mktemp("recover") / "org", ratios="crmarena")


def test_intervals_cover_the_true_latents(org):
    from crmarena.studies.recover import recover

    skill, speed = recover(org, seed=1, draws=300)
    for r in (skill, speed):
        assert r.agents >= 50
        assert 0.75 <= r.coverage <= 1.0, (r.parameter, r.coverage)   # nominal 90 %
    assert speed.correlation > 0.7       # speed is well identified from handle times
    assert skill.correlation > 0.4       # skill less so: ~10 rounds per agent


def test_refuses_an_org_without_the_latent(tmp_path):
    from crmarena.simulator import simulate_org
    from crmarena.studies.recover import recover

    org = simulate_org(seed=2, cases=60, out_dir=tmp_path / "o", ablate=["agent_skill"])
    with pytest.raises(CrmarenaError, match="ablated"):
        recover(org)
