"""The studies end to end, in process, on small orgs: files written, noise baseline, baselines, oracle scores."""

import csv
import json
import subprocess

import pytest

from crmarena.studies.ablation import noise_seed


def crmarena(*args) -> int:
    from crmarena.cli.main import main

    try:
        main(list(args))
    except SystemExit as e:
        return int(e.code or 0)
    return 0


@pytest.fixture(scope="module")
def ablation(tmp_path_factory):
    """``study ablate`` through the CLI entry point, in this process; records any subprocess started and the
    user's remembered org before and after."""
    out = tmp_path_factory.mktemp("study")
    xdg = tmp_path_factory.mktemp("xdg")
    (xdg / "crmarena").mkdir()
    remembered = xdg / "crmarena" / "last_org"
    remembered.write_text("/the/user/org")
    started = []
    real_popen = subprocess.Popen

    class Recording(real_popen):
        def __init__(self, args, *a, **kw):
            started.append(args)
            super().__init__(args, *a, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", str(xdg))
        mp.setattr(subprocess, "Popen", Recording)
        code = crmarena("study", "ablate", "--latent", "agent_skill", "--seeds", "1", "--cases", "300",
                        "--per-task", "3", "--agent", "oracle", "--out", str(out), "-q")
    assert code == 0
    return {"out": out, "started": started, "remembered": remembered.read_text()}


def test_ablation_runs_in_process_and_keeps_the_remembered_org(ablation):
    cli_calls = [a for a in ablation["started"] if "crmarena" in " ".join(map(str, a if isinstance(a, list) else [a]))]
    assert cli_calls == []
    assert ablation["remembered"] == "/the/user/org"


def test_ablation_writes_report_tables_and_plots(ablation):
    out = ablation["out"]
    report = (out / "report.md").read_text()
    for section in ("## agent_skill", "## Task answers, full vs ablated, beside the noise", "## Agent transfer network",
                    "## Trivial baselines of each task file", "## Reproduce", "crmarena simulate --seed 1",
                    "--ablate agent_skill", f"crmarena simulate --seed {noise_seed(1)}", "crmarena eval"):
        assert section in report
    pngs = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert {"signatures-agent_skill.png", "answer-shift.png", "transfer-network.png", "transfers-received.png",
            "agent-scores.png"} <= set(pngs)
    for png in (out / "figures").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_effect_is_shown_beside_the_noise_baseline(ablation):
    out = ablation["out"]
    rows = list(csv.DictReader(open(out / "signatures.csv")))
    assert {r["variant"] for r in rows if r["latent"] == "agent_skill"} == {"full", "agent_skill", "noise"}
    shift = list(csv.DictReader(open(out / "answer_shift.csv")))
    tasks = {r["task"] for r in shift}
    assert {r["task"] for r in shift if r["latent"] == "noise"} == tasks == {r["task"] for r in shift
                                                                             if r["latent"] == "agent_skill"}
    report = (out / "report.md").read_text()
    assert "| name | full | ablated | noise org | effect | noise | beyond noise |" in report
    assert "| task | agent_skill | noise (2nd seed) |" in report


def test_the_oracle_scores_full_marks_beside_the_baselines(ablation):
    out = ablation["out"]
    scores = list(csv.DictReader(open(out / "agent_scores.csv")))
    for variant in ("full", "agent_skill", "noise"):
        tasks = {json.loads(line)["task"] for line in open(out / "orgs" / "seed-1" / f"{variant}-tasks.jsonl")}
        mine = [r for r in scores if r["variant"] == variant]
        assert {r["task"] for r in mine} == tasks | {"overall"} and len(tasks) >= 8
        for r in mine:
            assert float(r["score"]) == 1.0 and float(r["ci_low"]) <= 1.0
            assert float(r["margin_over_most_frequent"]) == pytest.approx(1.0 - float(r["most_frequent"]))
    base = list(csv.DictReader(open(out / "baselines.csv")))
    assert {r["baseline"] for r in base} == {"always_none", "most_frequent"}
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in base)


def test_ablated_and_full_orgs_share_every_unrelated_draw(ablation):
    """Same seed otherwise: ablating agent_skill leaves customers and catalogue byte-identical,
    so the study's differences come from the latent alone; the cases do change."""
    orgs = ablation["out"] / "orgs" / "seed-1"
    for table in ("Account.parquet", "Contact.parquet", "Product.parquet", "Order.parquet"):
        assert (orgs / "full" / table).read_bytes() == (orgs / "agent_skill" / table).read_bytes(), table
    assert (orgs / "full" / "CaseHistory.parquet").read_bytes() != (orgs / "agent_skill" / "CaseHistory.parquet").read_bytes()
    assert (orgs / "full" / "Account.parquet").read_bytes() != (orgs / "noise" / "Account.parquet").read_bytes()


def test_compare_runs_the_oracle_with_pass_k_and_baselines(ablation, tmp_path):
    org = ablation["out"] / "orgs" / "seed-1" / "full"
    tasks = ablation["out"] / "orgs" / "seed-1" / "full-tasks.jsonl"
    assert crmarena("study", "compare", "--agents", "oracle", "--tasks", str(tasks), "--org", str(org),
                    "--trials", "2", "--out", str(tmp_path / "cmp"), "-q") == 0
    report = (tmp_path / "cmp" / "report.md").read_text()
    assert "| oracle | task | 1.000 |" in report and "## Trivial baselines of the task file" in report
    assert f"crmarena run --agent oracle --tasks {tasks}" in report
    overall = list(csv.DictReader(open(tmp_path / "cmp" / "overall.csv")))
    assert float(overall[0]["score"]) == 1.0 and float(overall[0]["margin_over_most_frequent"]) > 0.5
    assert (tmp_path / "cmp" / "figures" / "pass-k.png").is_file()


def test_compare_passes_the_episode_budget_to_every_run(ablation, tmp_path):
    """--max-turns/--max-tokens/--schema reach each agent's run (run.json) and its reproduce command."""
    org = ablation["out"] / "orgs" / "seed-1" / "full"
    tasks = ablation["out"] / "orgs" / "seed-1" / "full-tasks.jsonl"
    assert crmarena("study", "compare", "--agents", "oracle", "--tasks", str(tasks), "--org", str(org),
                    "--max-turns", "3", "--max-tokens", "64", "--schema", "task", "--out", str(tmp_path / "c"), "-q") == 0
    manifest = json.loads((tmp_path / "c" / "runs" / "oracle" / "run.json").read_text())
    assert manifest["max_turns"] == 3 and manifest["schema"] == "task"
    report = (tmp_path / "c" / "report.md").read_text()
    assert "--max-turns 3 --max-tokens 64 --schema task" in report
    assert "(max turns 3, max tokens 64, schema task)" in report


@pytest.mark.parametrize("args, message", [
    (["compare", "--agents", "oracle", "--max-turns", "0", "--tasks", __file__, "--out", "x"], "--max-turns"),
    (["ablate", "--latent", "no_such_latent", "--out", "x"], "unknown latent"),
    (["compare", "--agents", "fc", "--tasks", __file__, "--out", "x"], "needs --model"),
    (["compare", "--agents", "oracle", "--tools", "general", "--tasks", __file__, "--out", "x"], "uses general tools"),
])
def test_study_bad_input_is_one_line_exit_2(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert crmarena("study", *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
