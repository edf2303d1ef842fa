"""The default org lands inside every published range of the realism report."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crmarena.errors import CrmarenaError
from crmarena.studies.realism import measure, ranges


@pytest.fixture(scope="module")
def default_org(tmp_path_factory):
    from crmarena.simulator import simulate_org

    return simulate_org(seed=5, cases=1000, out_dir=tmp_path_factory.mktemp("realism") / "org")


def test_every_figure_inside_its_range(default_org):
    figures = measure(default_org)
    assert [f.name for f in figures] == list(ranges())
    outside = [(f.name, round(f.value, 3), f.low, f.high) for f in figures if not f.inside]
    assert outside == []


def test_crmarena_preset_is_far_from_real_contact_rates(tmp_path):
    from crmarena.simulator import simulate_org

    org = simulate_org(seed=5, cases=300, out_dir=tmp_path / "c", ratios="crmarena")
    by = {f.name: f for f in measure(org)}
    assert not by["contact_rate"].inside and by["contact_rate"].value > 0.3   # ≈ 0.47 in CRMArena


def test_command_prints_the_table(default_org):
    from crmarena.cli.main import cli

    res = CliRunner().invoke(cli, ["study", "realism", str(default_org)])
    assert res.exit_code == 0, res.output
    assert "contact_rate" in res.output and "24/24 figures inside" in res.output


def test_not_an_org_is_a_clear_error(tmp_path):
    with pytest.raises(CrmarenaError, match="not an? (simulated )?org"):
        measure(tmp_path)
