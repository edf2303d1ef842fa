"""Every score is bound to its org: a task file carries its org's fingerprint, a run refuses a store
holding another org of the same size (same ids), run.json records the fingerprint, and eval refuses
to pool runs of different orgs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmarena.cli.main import main
from crmarena.fingerprint import org_fingerprint


def cli(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as e:
        return int(e.code or 0)
    return 0


@pytest.fixture(scope="module")
def other_org(tmp_path_factory, org_dir) -> Path:
    """Another org of the same size (seed 8, 300 cases): the same ids, other content."""
    out = tmp_path_factory.mktemp("other") / "org8"
    assert cli("simulate", "--seed", "8", "--cases", "300", "--out", str(out), "-q") == 0
    return out


def test_the_task_file_carries_the_org_fingerprint(tasks, org_dir):
    fp = json.loads((org_dir / "manifest.json").read_text())["fingerprint"]
    assert fp == org_fingerprint(org_dir, verify=True)
    assert {t.org_fingerprint for t in tasks} == {fp}


def test_a_run_on_another_org_of_the_same_size_is_refused(tasks_file, org_dir, other_org, tmp_path, capsys):
    counts = lambda d: json.loads((d / "manifest.json").read_text())["counts"]  # noqa: E731
    for label in ("Case", "User", "Account"):             # same ids: the gold ids exist in both orgs
        assert counts(org_dir)[label] == counts(other_org)[label]
    code = cli("run", "--agent", "oracle", "--tasks", str(tasks_file), "--org", str(other_org),
               "--out", str(tmp_path / "wrong"))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert org_fingerprint(org_dir) in err[0] and org_fingerprint(other_org) in err[0]
    assert str(other_org.resolve()) in err[0]
    assert not (tmp_path / "wrong").exists()              # nothing written


def test_the_run_records_and_names_its_org(tasks_file, org_dir, tmp_path, capsys):
    from crmarena.agents.runner import read_tasks

    few = tmp_path / "few.jsonl"
    few.write_text("".join(tasks_file.read_text().splitlines(keepends=True)[:4]))
    assert cli("run", "--agent", "oracle", "--tasks", str(few), "--org", str(org_dir), "--out", str(tmp_path / "r")) == 0
    err = capsys.readouterr().err
    fp = org_fingerprint(org_dir)
    assert f"org: the org at {org_dir.resolve()} (fingerprint {fp})" in err
    run = json.loads((tmp_path / "r" / "run.json").read_text())
    assert run["org_fingerprint"] == fp and len(read_tasks(few)) == run["instances"]


def test_eval_refuses_to_pool_runs_of_two_orgs(tasks_file, org_dir, tmp_path, capsys):
    few = tmp_path / "few.jsonl"
    few.write_text("".join(tasks_file.read_text().splitlines(keepends=True)[:3]))
    for name in ("a", "b"):
        assert cli("run", "--agent", "oracle", "--tasks", str(few), "--org", str(org_dir),
                   "--out", str(tmp_path / "runs" / name), "-q") == 0
    assert cli("eval", str(tmp_path / "runs"), "--format", "json") == 0
    capsys.readouterr()
    mf = tmp_path / "runs" / "b" / "run.json"
    mf.write_text(json.dumps({**json.loads(mf.read_text()), "org_fingerprint": "0123456789abcdef"}))
    assert cli("eval", str(tmp_path / "runs")) == 2
    err = capsys.readouterr().err
    assert "come from 2 orgs" in err and "0123456789abcdef" in err and org_fingerprint(org_dir) in err


def test_a_task_file_mixing_orgs_is_refused(tasks, store):
    from crmarena.agents.runner import check_store_matches
    from crmarena.errors import CrmarenaError

    mixed = [tasks[0], tasks[1].model_copy(update={"org_fingerprint": "0123456789abcdef"})]
    with pytest.raises(CrmarenaError, match="mixes instances of 2 orgs"):
        check_store_matches(mixed, store)
    assert check_store_matches(tasks, store) == tasks[0].org_fingerprint
