"""``crmarena tasks``: deterministic files, one-line errors, atomic writes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.queries.cli import run_cli
from crmarena.queries.registry import task_names

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
    assert [r["task"] for r in rows] == [t for t in task_names() if t in FAST for _ in range(20)]
    assert [r["idx"] for r in rows] == list(range(60))


def _crmarena(*args):
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True)


def test_unknown_task_is_a_one_line_error_listing_the_tasks(default_org, tmp_path):
    out = tmp_path / "t.jsonl"
    p = _crmarena("tasks", str(default_org), "--task", "no_such_task", "--out", str(out))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr
    assert "no_such_task" in lines[0] and all(t in lines[0] for t in task_names())
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
