"""Fitting back at small scale: the posterior intervals of agents' skill and speed cover the truth,
the chains converged (ArviZ R-hat and ESS), and the tables are written."""

from __future__ import annotations

import csv
import json

import pytest

from crmarena.errors import CrmarenaError


@pytest.fixture(scope="module")
def recover_org(org):
    # crmarena ratios: 100 agents with ~10 cases each is enough to learn something per agent
    return org(21, 1000, ratios="crmarena")


@pytest.fixture(scope="module")
def fits(recover_org):
    from crmarena.studies.recover import recover

    return recover(recover_org, seed=1, draws=500)


def test_intervals_cover_the_true_latents(fits):
    skill, speed = fits
    for r in (skill, speed):
        assert r.agents >= 50
        assert 0.75 <= r.coverage <= 1.0, (r.parameter, r.coverage)   # nominal 90 %
    assert speed.correlation > 0.7       # speed is well identified from handle times
    assert skill.correlation > 0.4       # skill less so: ~10 rounds per agent


def test_convergence_is_reported_from_arviz(fits):
    for r in fits:
        c = r.convergence
        assert (c.chains, c.draws) == (2, 500)
        assert 1.0 <= c.rhat_max < 1.05, (r.parameter, c.rhat_max)    # two chains of 500 draws
        assert c.ess_bulk_min > 50 and c.ess_tail_min > 50
        assert r.table["rhat"].between(0.99, 1.05).all() and (r.table["ess_bulk"] > 50).all()
        assert r.row()["converged"] is c.converged


def test_convergence_rule_of_vehtari_et_al():
    from crmarena.studies.recover import Convergence

    assert Convergence(2, 300, 1.005, 250, 220).converged
    assert not Convergence(2, 300, 1.02, 250, 220).converged       # R-hat too high
    assert not Convergence(2, 300, 1.005, 150, 220).converged      # under 100 effective draws per chain
    assert not Convergence(4, 300, 1.005, 300, 300).converged      # four chains want 400


def test_tables_are_written_and_rows_serialise(fits, tmp_path):
    from crmarena.studies.recover import write_tables

    summary, agents = write_tables(fits, tmp_path / "rec")
    rows = list(csv.DictReader(open(summary)))
    assert [r["latent"] for r in rows] == ["agent_skill.resolve_logit", "agent_skill.log_speed"]
    assert {"coverage", "correlation", "rhat_max", "ess_bulk_min", "ess_tail_min"} <= set(rows[0])
    per_agent = list(csv.DictReader(open(agents)))
    assert len(per_agent) == sum(r.agents for r in fits) and {"truth", "low", "high", "rhat"} <= set(per_agent[0])
    json.dumps([r.row() for r in fits], allow_nan=False)


def test_refuses_an_org_without_the_latent(tmp_path):
    from crmarena.simulator import simulate_org
    from crmarena.studies.recover import recover

    org = simulate_org(seed=2, cases=60, out_dir=tmp_path / "o", ablate=["agent_skill"])
    with pytest.raises(CrmarenaError, match="ablated"):
        recover(org)
