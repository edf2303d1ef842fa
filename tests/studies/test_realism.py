"""The default org lands inside every published range of the realism report; the command checks it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from crmarena.errors import CrmarenaError
from crmarena.studies.realism import measure, ranges_for


@pytest.fixture(scope="module")
def default_org(org):
    """The README's default org (seed 7, 1,000 cases). At the one-year, ~50-product default other seeds
    can land a figure outside its range (catalogue-level noise: issue-group shares, order value); see
    the simulator README."""
    return org(7)


@pytest.fixture(scope="module")
def crmarena_org(org):
    """The original CRMArena volumes: a contact rate far above real retail's."""
    return org(5, 300, ratios="crmarena")


def study(*args):
    from crmarena.cli.main import cli

    return CliRunner().invoke(cli, ["study", "realism", *map(str, args)])


def test_every_figure_inside_its_range(default_org):
    figures = measure(default_org)
    assert [f.name for f in figures] == list(ranges_for("b2c"))
    outside = [(f.name, round(f.value, 3), f.low, f.high) for f in figures if not f.inside]
    assert outside == []


def test_the_b2b_org_and_its_sales_funnel_inside_their_ranges(org):
    figures = measure(org(7, kind="b2b"))
    names = [f.name for f in figures]
    assert names == list(ranges_for("b2b")) and {"win_rate", "enterprise_cycle_days"} <= set(names)
    assert "repeat_purchase_rate" not in names          # a retail per-customer figure: b2c only
    assert [(f.name, round(f.value, 3)) for f in figures if not f.inside] == []


def test_crmarena_preset_is_far_from_real_contact_rates(crmarena_org):
    by = {f.name: f for f in measure(crmarena_org)}
    assert not by["contact_rate"].inside and by["contact_rate"].value > 0.3   # ≈ 0.47 in CRMArena


def test_command_prints_the_table_and_writes_csv_and_plot(default_org, tmp_path):
    res = study(default_org, "--out", tmp_path / "r")
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())               # rich wraps long paths
    assert "contact_rate" in text and "29/29 figures inside" in text
    rows = list(csv.DictReader(open(tmp_path / "r" / "realism.csv")))
    assert [r["figure"] for r in rows] == list(ranges_for("b2c")) and all(r["inside"] == "True" for r in rows)
    assert (tmp_path / "r" / "realism.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_figure_outside_its_range_exits_1_unless_no_check(crmarena_org, tmp_path):
    res = study(crmarena_org, "--out", tmp_path / "r")
    assert res.exit_code == 1 and "contact_rate" in res.output
    assert "outside their published range" in res.stderr and "wrote" in res.stderr
    res = study(crmarena_org, "--out", tmp_path / "r", "--no-check", "--format", "json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert next(r for r in doc if r["figure"] == "contact_rate")["inside"] is False


def test_csv_format_parses(crmarena_org, tmp_path):
    res = study(crmarena_org, "--out", tmp_path, "--format", "csv", "--no-check")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.exit_code == 0 and [r["figure"] for r in rows] == list(ranges_for("b2c"))
    assert {"simulated", "low", "high", "inside"} <= set(rows[0])


def test_not_an_org_is_a_clear_error(tmp_path):
    with pytest.raises(CrmarenaError, match="not an? (simulated )?org"):
        measure(tmp_path)


def test_a_truncated_table_is_a_clear_error(crmarena_org, tmp_path):
    import shutil

    org = tmp_path / "org"
    shutil.copytree(crmarena_org, org, ignore=shutil.ignore_patterns("graph.*", "realism"))
    data = (org / "Case.parquet").read_bytes()
    (org / "Case.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(CrmarenaError, match="Case.parquet is not a readable Parquet file"):
        measure(org)
