"""``eval`` on hand-made run folders: intervals, baselines of a crafted task file, malformed lines, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crmarena.agents.evaluate import evaluate
from crmarena.agents.uncertainty import wilson
from crmarena.errors import CrmarenaError

# a crafted task file: 6 handle_time instances (3 None, 2 "005A", 1 "005B") and 2 knowledge_qa ones
GOLD = [["None"], ["None"], ["None"], ["005000000000AAA"], ["005000000000AAA"], ["005000000000BBB"]]


def episode(idx, task, gold, answer, metric="exact_match", trial=0):
    return {"idx": idx, "trial": trial, "task": task, "gold": gold, "answer": answer, "reward_metric": metric,
            "status": "done", "turns": 1, "usage": {"input_tokens": 1, "output_tokens": 1}}


def make_run(folder: Path, answers: list[str | None], trials: int = 1, extra_lines: str = "") -> Path:
    folder.mkdir(parents=True)
    lines = []
    for trial in range(trials):
        lines += [episode(i, "handle_time", g, a, trial=trial) for i, (g, a) in enumerate(zip(GOLD, answers))]
        lines += [episode(6, "knowledge_qa", ["two business days"], "two days", "fuzzy_match", trial),
                  episode(7, "knowledge_qa", ["a full refund"], "None", "fuzzy_match", trial)]
    (folder / "run.json").write_text(json.dumps({"agent": "fc", "model": "fake:m", "instances": 8, "trials": trials}))
    (folder / "episodes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines) + extra_lines)
    return folder


class Result:
    def __init__(self, code, out, err):
        self.exit_code, self.output, self.stderr = code, out, err


@pytest.fixture
def cli(capsys):
    """``crmarena ARGS`` through the real entry point (exit codes, one-line errors); stdout and stderr."""
    from crmarena.cli.main import main

    def run(*args):
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = int(e.code or 0)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def test_intervals_baselines_and_margins_of_a_crafted_run(tmp_path):
    # the agent answers None everywhere but gets one id right: 4/6 on handle_time
    run = evaluate(make_run(tmp_path / "r", ["None", "None", "None", "005000000000AAA", "None", "None"]))["runs"][0]
    ht = run["per_task"]["handle_time"]
    assert ht["score"] == pytest.approx(4 / 6) and ht["interval"] == "wilson"
    assert (ht["low"], ht["high"]) == (wilson(4, 6).low, wilson(4, 6).high)
    # always None earns the 3 None instances; the most frequent answer (None, 3 of 6) the same
    assert ht["always_none"]["value"] == pytest.approx(0.5)
    assert ht["most_frequent"]["value"] == pytest.approx(0.5)
    assert ht["margin_over_always_none"]["value"] == pytest.approx(1 / 6)
    assert ht["margin_over_always_none"]["low"] <= 1 / 6 <= ht["margin_over_always_none"]["high"]
    kqa = run["per_task"]["knowledge_qa"]
    assert kqa["interval"] == "bootstrap" and kqa["score"] == pytest.approx(0.4)   # F1 0.8 and 0
    assert kqa["always_none"]["value"] == 0.0
    assert kqa["most_frequent"]["value"] == pytest.approx(0.5)   # tie broken by sort order: "a full refund"
    assert run["overall"] == pytest.approx((4 + 0.8) / 8) and run["overall_ci"]["interval"] == "bootstrap"
    assert run["baselines"]["always_none"]["value"] == pytest.approx(3 / 8)


def test_most_frequent_answer_beats_none_when_an_id_dominates(tmp_path):
    from crmarena.agents.baselines import Gold, baselines

    golds = [Gold(i, "case_routing", tuple(a), "exact_match") for i, a in
             enumerate([["005000000000AAA"]] * 3 + [["None"], ["005000000000BBB"]])]
    b = baselines(golds)
    assert b["most_frequent"].answers == {"case_routing": "005000000000AAA"}
    assert b["most_frequent"].overall.mean == pytest.approx(0.6) and b["always_none"].overall.mean == pytest.approx(0.2)


def test_pass_k_reports_its_trial_count(tmp_path):
    run = evaluate(make_run(tmp_path / "r", [g[0] for g in GOLD], trials=3))["runs"][0]
    assert run["pass_k"] == {"1": 1.0, "2": 1.0, "3": 1.0}
    assert run["pass_k_trials"] == 3 and run["pass_k_instances"] == 6
    # every trial scored 1: Wilson counted over the 6 instances (trials of an instance stay together)
    ht = run["per_task"]["handle_time"]
    assert ht["interval"] == "wilson-instances" and ht["low"] < 1.0


@pytest.mark.parametrize("bad, reason", [
    ('{"idx": 9, "trial": 0, "task": "handle_time", "gold": ["None"], "ans', "truncated"),
    ('{"idx": 9, "trial": 0, "task": "handle_time", "gold": ["None"]}\n', "reward_metric"),
    ("not json at all\n", "not JSON"),
    ("[1, 2]\n", "not an object"),
])
def test_a_malformed_line_is_refused_naming_file_and_line(cli, tmp_path, bad, reason):
    folder = make_run(tmp_path / "r", [g[0] for g in GOLD], extra_lines=bad)
    with pytest.raises(CrmarenaError, match=rf"episodes.jsonl line 9: malformed episode .*{reason}"):
        evaluate(folder)
    res = cli("eval", str(folder))
    assert res.exit_code == 2 and res.output == "" and "overall" not in res.stderr
    assert res.stderr.startswith("crmarena: error: ") and len(res.stderr.strip().splitlines()) == 1


def test_skip_bad_counts_and_reports_the_skipped_lines(cli, tmp_path):
    folder = make_run(tmp_path / "r", [g[0] for g in GOLD], extra_lines="garbage\n{\"idx\": 1,")
    report = evaluate(folder, skip_bad=True)
    assert report["bad_lines"] == 2 and [b["line"] for b in report["runs"][0]["bad"]] == [9, 10]
    assert report["episodes"] == 8 and report["overall"] == pytest.approx((6 + 0.8) / 8)
    res = cli("eval", str(folder), "--skip-bad")
    assert res.exit_code == 0 and "2 malformed episode lines SKIPPED" in " ".join(res.output.split())
    assert "skipped 2 malformed episode lines" in res.stderr
    rows = list(csv.DictReader(io.StringIO(cli("eval", str(folder), "--skip-bad", "--format", "csv").output)))
    assert {r["bad_lines"] for r in rows} == {"2"}
    assert json.loads(cli("eval", str(folder), "--skip-bad", "--format", "json").output)["bad_lines"] == 2


def test_a_broken_manifest_is_one_line(tmp_path):
    folder = make_run(tmp_path / "r", [g[0] for g in GOLD])
    (folder / "run.json").write_text("{")
    with pytest.raises(CrmarenaError, match="run manifest .*run.json is not valid JSON"):
        evaluate(folder)


def test_every_format_parses(cli, tmp_path):
    folder = make_run(tmp_path / "r", ["None"] * 6)
    doc = json.loads(cli("eval", str(folder), "--format", "json").output)
    assert isinstance(doc["overall"], float) and doc["episodes"] == 8
    assert set(doc["overall_ci"]) == {"low", "high", "interval"}
    rows = list(csv.DictReader(io.StringIO(cli("eval", str(folder), "--format", "csv").output)))
    assert {"ci_low", "ci_high", "interval"} <= set(rows[0])
    overall = {r["metric"]: r for r in rows if r["task"] == "overall"}
    assert {"score", "baseline_always_none", "baseline_most_frequent", "margin_over_always_none",
            "margin_over_most_frequent", "pass^1"} <= set(overall)
    assert float(overall["score"]["value"]) == pytest.approx(doc["overall"])
    table = cli("eval", str(folder)).output
    assert "always None" in table and "95 % intervals" in " ".join(table.split())
