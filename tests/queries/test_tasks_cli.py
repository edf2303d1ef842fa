"""``crmarena tasks``: deterministic files, one-line errors, atomic writes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crmarena.tasks.registry import suite_names
from tests.queries.cli import run_cli

FAST = ("handle_time", "top_issue_identification", "named_entity_disambiguation")


def tasks_cmd(org, out, *extra):
    args = ["tasks", str(org), "--out", str(out), "-q", "--per-task", "20"]
    for t in FAST:
        args += ["--task", t]
    run_cli(*args, *extra)
    return out.read_bytes()


def test_same_org_and_seed_give_an_identical_file(default_org, tmp_path):
    a = tasks_cmd(default_org, tmp_path / "a.jsonl", "--seed", "5")
    b = tasks_cmd(default_org, tmp_path / "b.jsonl", "--seed", "5")
    c = tasks_cmd(default_org, tmp_path / "c.jsonl", "--seed", "6")
    assert a == b
    assert a != c
    rows = [json.loads(line) for line in a.decode().splitlines()]
    assert [r["task"] for r in rows] == [t for t in suite_names("service") if t in FAST for _ in range(20)]
    assert [r["idx"] for r in rows] == list(range(60))


def _crmarena(*args):
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True)


def test_unknown_task_is_a_one_line_error_listing_the_tasks(default_org, tmp_path):
    out = tmp_path / "t.jsonl"
    p = _crmarena("tasks", str(default_org), "--task", "no_such_task", "--out", str(out))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr
    assert "no_such_task" in lines[0] and all(t in lines[0] for t in suite_names("service"))
    assert not out.exists()


def test_a_bad_org_leaves_the_old_file_untouched(tmp_path):
    out = tmp_path / "t.jsonl"
    out.write_text("keep\n")
    p = _crmarena("tasks", str(tmp_path / "missing"), "--out", str(out))
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
    assert out.read_text() == "keep\n"
    assert [f.name for f in tmp_path.iterdir()] == ["t.jsonl"]


@pytest.mark.parametrize("bad", [["--per-task", "0"], ["--store", "sqlite"]])
def test_bad_options_exit_2(default_org, tmp_path, bad):
    p = _crmarena("tasks", str(default_org), "--out", str(tmp_path / "t.jsonl"), *bad)
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_bench_tasks_times_every_task_on_the_embedded_store(default_org):
    from crmarena.queries.bench import run_bench

    timings, facts = run_bench(str(default_org), cases=0, per_task=4, seed=1, use_neo4j=False, log=lambda m: None)
    embedded, neo4j = timings
    assert embedded.backend == "embedded" and embedded.instances == 36 and embedded.differ == 0
    assert len(embedded.passes) == 2 and embedded.seconds == embedded.passes[-1] > 0
    assert tuple(embedded.per_task) == tuple(suite_names("service"))
    assert abs(sum(embedded.per_task.values()) - embedded.seconds) < 1e-9
    assert neo4j.instances == 0 and "not measured" in neo4j.note


def test_bench_tasks_replays_a_task_file(default_org, default_tasks, tmp_path):
    """A written task file's parameters type back into the gold Cypher's: every answer is reproduced."""
    from crmarena.queries.bench import run_bench
    from crmarena.queries.runner import write_jsonl

    instances, _ = default_tasks
    f = write_jsonl(instances, tmp_path / "tasks.jsonl")
    timings, _ = run_bench(str(default_org), 0, 0, 0, use_neo4j=False, tasks_file=str(f), passes=1, log=lambda m: None)
    assert timings[0].instances == len(instances) == 1170
    assert timings[0].differ == 0
    wrong = [i.model_copy(update={"answer": ["nobody"]}) if i.idx % 10 == 0 else i for i in instances]
    timings, _ = run_bench(str(default_org), 0, 0, 0, use_neo4j=False, passes=1, log=lambda m: None,
                           tasks_file=str(write_jsonl(wrong, tmp_path / "wrong.jsonl")))
    assert timings[0].differ == 117


def test_bench_tasks_file_needs_its_org(tmp_path):
    out = _crmarena("bench", "tasks", "--tasks", str(tmp_path / "t.jsonl"), "--no-neo4j")
    assert out.returncode == 2 and out.stderr.strip() == "crmarena: error: --tasks needs --org: the org the task file was curated on"


def test_a_shortfall_fails_loudly_unless_allowed(default_org, tmp_path, monkeypatch, capsys):
    """Quotas that cannot be met: exit 2 naming the shortfall per task, nothing written; with
    --allow-shortfall the file is written and the summary says so."""
    from crmarena.cli.main import main
    from crmarena.queries import curation

    monkeypatch.setattr(curation, "ATTEMPTS_PER_INSTANCE", 1)      # too few drafts for 20 instances
    out = tmp_path / "t.jsonl"
    args = ["tasks", str(default_org), "--out", str(out), "--per-task", "20", "--task", "monthly_trend_analysis"]
    with pytest.raises(SystemExit) as e:
        main([*args, "-q"])
    err = capsys.readouterr().err.strip().splitlines()
    assert e.value.code == 2 and len(err) == 1 and not out.exists()
    assert err[0].startswith("crmarena: error:") and "monthly_trend_analysis answerable" in err[0]
    assert "/20" in err[0] and "--allow-shortfall" in err[0]
    with pytest.raises(SystemExit) as e:
        main([*args, "--allow-shortfall"])
    assert e.value.code in (0, None) and out.exists()
    assert "shortfall allowed" in capsys.readouterr().err
    assert 0 < len(out.read_text().splitlines()) < 20
