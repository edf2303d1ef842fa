"""The studies end to end through the CLI on small orgs: files written, oracle scores, errors."""

import csv
import subprocess
import sys

import pytest


def crmarena(*args):
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def ablation(tmp_path_factory):
    out = tmp_path_factory.mktemp("study")
    r = crmarena("study", "ablate", "--latent", "agent_skill", "--seeds", "1", "--cases", "300", "--per-task", "4",
                 "--agent", "oracle", "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    return out


def test_ablation_writes_report_tables_and_plots(ablation):
    report = (ablation / "report.md").read_text()
    for section in ("## agent_skill", "## Task answers, full vs ablated", "## Agent transfer network",
                    "## Reproduce", "crmarena simulate --seed 1", "--ablate agent_skill"):
        assert section in report
    pngs = sorted(p.name for p in (ablation / "figures").glob("*.png"))
    assert {"signatures-agent_skill.png", "answer-shift.png", "transfer-network.png", "agent-scores.png"} <= set(pngs)
    for png in (ablation / "figures").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ablation_measures_both_variants_and_the_oracle_scores_full_marks(ablation):
    rows = list(csv.DictReader(open(ablation / "signatures.csv")))
    variants = {r["variant"] for r in rows if r["latent"] == "agent_skill"}
    assert variants == {"full", "agent_skill"}
    import json

    scores = list(csv.DictReader(open(ablation / "agent_scores.csv")))
    for variant in ("full", "agent_skill"):
        tasks_file = ablation / "orgs" / "seed-1" / f"{variant}-tasks.jsonl"
        tasks = {json.loads(line)["task"] for line in open(tasks_file)}
        assert {r["task"] for r in scores if r["variant"] == variant} == tasks and len(tasks) >= 8
    assert all(float(r["score"]) == 1.0 for r in scores)


def test_ablated_and_full_orgs_share_every_unrelated_draw(ablation):
    """Same seed otherwise: ablating agent_skill leaves customers and catalogue byte-identical,
    so the study's differences come from the latent alone; the cases do change."""
    orgs = ablation / "orgs" / "seed-1"
    for table in ("Account.parquet", "Contact.parquet", "Product.parquet", "Order.parquet"):
        assert (orgs / "full" / table).read_bytes() == (orgs / "agent_skill" / table).read_bytes(), table
    assert (orgs / "full" / "CaseHistory.parquet").read_bytes() != (orgs / "agent_skill" / "CaseHistory.parquet").read_bytes()


def test_compare_runs_the_oracle_with_pass_k(ablation, tmp_path):
    org = ablation / "orgs" / "seed-1" / "full"
    tasks = ablation / "orgs" / "seed-1" / "full-tasks.jsonl"
    r = crmarena("study", "compare", "--agents", "oracle", "--tasks", str(tasks), "--org", str(org), "--trials", "2",
                 "--out", str(tmp_path / "cmp"), "-q")
    assert r.returncode == 0, r.stderr
    assert "| oracle | task | 1.000 |" in (tmp_path / "cmp" / "report.md").read_text()
    assert (tmp_path / "cmp" / "figures" / "pass-k.png").is_file()


@pytest.mark.parametrize("args, message", [
    (["ablate", "--latent", "no_such_latent", "--out", "x"], "unknown latent"),
    (["compare", "--agents", "fc", "--tasks", __file__, "--out", "x"], "needs --model"),
    (["compare", "--agents", "oracle", "--tools", "general", "--tasks", __file__, "--out", "x"], "uses general tools"),
])
def test_study_bad_input_is_one_line_exit_2(args, message, tmp_path):
    r = crmarena("study", *args)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
