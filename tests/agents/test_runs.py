"""Runs: the oracle solves every generated task, runs resume after crashes, ``crmarena run``/``eval`` CLI."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from crmarena.agents.evaluate import evaluate
from crmarena.agents.oracle import OracleAgent
from crmarena.agents.rundir import EPISODES, RunDir, read_episodes
from crmarena.agents.runner import read_tasks, run_tasks
from crmarena.cli.main import main
from crmarena.errors import CrmarenaError
from tests.waiting import until


def manifest(tasks_file: Path, agent: str = "oracle", trials: int = 1) -> dict:
    from crmarena.agents.rundir import file_sha256

    return {"agent": agent, "model": None, "store": "embedded", "tasks_sha256": file_sha256(tasks_file),
            "tasks_file": str(tasks_file), "instances": len(read_tasks(tasks_file)), "trials": trials}


def cli(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as e:
        return int(e.code or 0)
    return 0


def pairs(run_dir: Path) -> Counter:
    return Counter((r["idx"], r["trial"]) for r in read_episodes(run_dir / EPISODES))


def test_oracle_solves_every_task(tasks, tasks_file, store, tmp_path):
    run = RunDir.open(tmp_path / "run", manifest(tasks_file))
    summary = run_tasks(OracleAgent(), tasks, store, run)
    recs = list(read_episodes(run.episodes_file))
    failed = [(r["task"], r["idx"], r["answer"], r["gold"], r["error"]) for r in recs if r["score"] != 1.0]
    assert not failed, failed
    from crmarena.tasks.registry import suite_names

    assert summary.done == len(tasks) and {t.task for t in tasks} == set(suite_names("service"))
    report = evaluate(tmp_path / "run")
    assert report["overall"] == 1.0 and report["runs"][0]["pass_k"] == {"1": 1.0}


class CrashAfter:
    """The oracle, but the process 'dies' (KeyboardInterrupt) at the start of episode ``n + 1``."""

    name = "oracle"

    def __init__(self, n: int):
        self.n, self.started, self.inner = n, 0, OracleAgent()

    def run(self, task, store):
        self.started += 1
        if self.started > self.n:
            raise KeyboardInterrupt
        return self.inner.run(task, store)


@pytest.mark.parametrize("concurrency", [1, 3])
def test_resume_after_a_crash_loses_nothing_and_repeats_nothing(tasks, tasks_file, store, tmp_path, concurrency):
    some = tasks[:12]
    run = RunDir.open(tmp_path / "run", manifest(tasks_file, trials=2))
    with pytest.raises(KeyboardInterrupt):
        run_tasks(CrashAfter(5), some, store, run, trials=2, concurrency=concurrency)
    kept = pairs(run.path)
    assert 1 <= sum(kept.values()) <= 5 and max(kept.values()) == 1
    partial = evaluate(run.path)["runs"][0]
    total = 2 * len(read_tasks(tasks_file))                # the manifest plans every task of the file
    assert partial["episodes"] == sum(kept.values()) and partial["missing"] == total - sum(kept.values())
    run = RunDir.open(tmp_path / "run", manifest(tasks_file, trials=2))
    summary = run_tasks(OracleAgent(), some, store, run, trials=2, concurrency=concurrency)
    assert summary.skipped == sum(kept.values())
    final = pairs(run.path)
    assert set(final) == {(t.idx, trial) for t in some for trial in range(2)} and max(final.values()) == 1
    again = run_tasks(OracleAgent(), some, store, RunDir.open(run.path, manifest(tasks_file, trials=2)), trials=2)
    assert again.done == 0 and pairs(run.path) == final


def test_killed_process_then_resume(tasks_file, org_dir, tmp_path):
    """A real crash: the run's process is SIGKILLed mid-run; the re-run completes without duplicates.

    The child's agent holds its 4th episode until the kill (after 3 written), so the kill always lands
    mid-run however loaded the machine; the test waits for the 3 episodes in the file, not a guessed time.
    """
    out = tmp_path / "run"
    script = f"""
import threading
from crmarena.agents.oracle import OracleAgent
class HoldAfterThree(OracleAgent):
    started = 0
    def run(self, task, store):
        HoldAfterThree.started += 1
        if HoldAfterThree.started > 3:      # 3 episodes are written: stay mid-run until killed
            threading.Event().wait()
        return super().run(task, store)
import crmarena.agents.runner as r
r.make_agent = lambda *a, **k: HoldAfterThree()
from crmarena.cli.main import main
main(["run", "--agent", "oracle", "--tasks", {str(tasks_file)!r}, "--out", {str(out)!r}, "--org", {str(org_dir)!r}, "-q"])
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def three_written() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"the run exited {proc.returncode} before it was killed: "
                                 f"{proc.stderr.read().decode()[-500:]}")
        return (out / EPISODES).exists() and sum(pairs(out).values()) >= 3

    try:
        until(three_written, 60, "the run's first 3 episodes")
    finally:
        proc.send_signal(signal.SIGKILL)      # (Popen's send_signal: never a reaped pid)
        proc.wait()
    before = pairs(out)
    assert 3 <= sum(before.values()) < len(read_tasks(tasks_file)), "the run ended before it was killed"
    with open(out / EPISODES, "a") as f:        # as if the kill landed mid-write
        f.write('{"idx": 999, "trial": 0, "task": "torn')
    assert cli("run", "--agent", "oracle", "--tasks", str(tasks_file), "--out", str(out), "--org", str(org_dir),
               "-q") == 0
    after = pairs(out)
    assert set(after) == {(t.idx, 0) for t in read_tasks(tasks_file)} and max(after.values()) == 1
    assert (out / EPISODES).read_text().endswith("\n") and "torn" not in (out / EPISODES).read_text()


class Flaky:
    """Fails with a provider error on the given task idxs."""

    name = "oracle"

    def __init__(self, bad: set[int]):
        self.bad, self.inner = bad, OracleAgent()

    def run(self, task, store):
        if task.idx in self.bad:
            raise ConnectionError("provider unavailable")
        return self.inner.run(task, store)


def test_provider_errors_are_recorded_and_retried(tasks, tasks_file, store, tmp_path):
    some = tasks[:6]
    bad = {some[1].idx, some[4].idx}
    run = RunDir.open(tmp_path / "run", manifest(tasks_file))
    summary = run_tasks(Flaky(bad), some, store, run)
    assert summary.done == 6 and summary.errors == 2
    errs = [r for r in read_episodes(run.episodes_file) if r["status"] == "error"]
    assert {r["idx"] for r in errs} == bad and all("provider unavailable" in r["error"] for r in errs)
    report = evaluate(run.path)["runs"][0]
    assert report["statuses"]["error"] == 2 and report["overall"] == pytest.approx(4 / 6)
    summary = run_tasks(OracleAgent(), some, store, RunDir.open(run.path, manifest(tasks_file)))
    assert summary.done == 2 and summary.skipped == 4
    assert evaluate(run.path)["overall"] == 1.0


def test_a_folder_holds_one_kind_of_run(tasks_file, tmp_path):
    RunDir.open(tmp_path / "run", manifest(tasks_file))
    with pytest.raises(CrmarenaError, match="another agent"):
        RunDir.open(tmp_path / "run", manifest(tasks_file, agent="react"))


def test_cli_run_and_eval(tasks_file, org_dir, tmp_path, capsys, monkeypatch):
    out = tmp_path / "runs" / "oracle"
    assert cli("run", "--agent", "oracle", "--tasks", str(tasks_file), "--out", str(out), "--org", str(org_dir),
               "--trials", "2", "--concurrency", "2", "-q") == 0
    capsys.readouterr()
    assert cli("eval", str(tmp_path / "runs"), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    n = len(read_tasks(tasks_file))
    assert report["overall"] == 1.0 and report["episodes"] == 2 * n
    run = report["runs"][0]
    assert run["agent"] == "oracle" and run["pass_k"] == {"1": 1.0, "2": 1.0} and run["missing"] == 0
    assert set(run["per_task"]) == {t.task for t in read_tasks(tasks_file)}
    from crmarena.cli import console

    monkeypatch.setitem(console._state, "quiet", False)     # -q above is remembered for the process
    assert cli("eval", str(tmp_path / "runs")) == 0
    table = capsys.readouterr().out
    assert "overall" in table and "pass^k" in table


def test_eval_compares_frameworks(tasks, tasks_file, store, tmp_path):
    from langchain_core.messages import AIMessage
    from tests.agents.scripted import Scripted

    from crmarena.agents.fc import FunctionCallingAgent

    some = [t for t in tasks if t.task in ("handle_time", "top_issue_identification")][:8]
    oracle = RunDir.open(tmp_path / "runs" / "oracle", manifest(tasks_file))
    run_tasks(OracleAgent(), some, store, oracle)
    lazy = FunctionCallingAgent(Scripted(steps=[AIMessage(content="None")] * len(some)))
    fc = RunDir.open(tmp_path / "runs" / "fc", {**manifest(tasks_file, agent="fc"), "model": "fake:none"})
    run_tasks(lazy, some, store, fc)
    report = evaluate(tmp_path / "runs")
    by_agent = {r["agent"]: r for r in report["runs"]}
    nones = sum(t.is_none for t in some)
    assert 0 < nones < len(some)
    assert by_agent["oracle"]["overall"] == 1.0
    assert by_agent["fc"]["overall"] == pytest.approx(nones / len(some))   # "None" is right only on None tasks
    assert report["overall"] == pytest.approx((len(some) + nones) / (2 * len(some)))


def test_cli_finds_the_org_without_a_flag(tasks_file, org_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CRMARENA_ORG", str(org_dir))
    assert cli("run", "--agent", "oracle", "--tasks", str(tasks_file), "--out", str(tmp_path / "r"), "-q") == 0
    assert json.loads((tmp_path / "r" / "run.json").read_text())["org"] == str(org_dir.resolve())
    assert sum(pairs(tmp_path / "r").values()) == len(read_tasks(tasks_file))


@pytest.mark.parametrize("args,needle", [
    (["run", "--agent", "react", "--tasks", "{tasks}", "--out", "{out}"], "needs --model"),
    (["run", "--agent", "fc", "--model", "gpt-4o", "--tasks", "{tasks}", "--out", "{out}"], "PROVIDER:MODEL"),
    (["run", "--agent", "oracle", "--tasks", "{bad}", "--out", "{out}", "--org", "{org}"], "line 2"),
    (["run", "--agent", "oracle", "--tasks", "{tasks}", "--out", "{out}", "--org", "{out}"], "graph"),
    (["run", "--agent", "oracle", "--tasks", "{foreign}", "--out", "{out}", "--org", "{org}"],
     "belongs to org 0123456789abcdef"),
    (["run", "--agent", "oracle", "--tasks", "{unbound}", "--out", "{out}", "--org", "{org}"],
     "without an org fingerprint"),
    (["eval", "{out}"], "does not exist"),
])
def test_cli_errors_are_one_line(args, needle, tasks_file, org_dir, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(tasks_file.read_text().splitlines()[0] + "\n{\"idx\": 1}\n")
    foreign = tmp_path / "foreign.jsonl"                  # tasks of another org (its fingerprint)
    recs = [json.loads(line) for line in tasks_file.read_text().splitlines()]
    routing = next(r for r in recs if r["task"] == "case_routing")
    foreign.write_text(json.dumps({**routing, "org_fingerprint": "0123456789abcdef"}) + "\n")
    unbound = tmp_path / "unbound.jsonl"                  # a task file made before fingerprints
    unbound.write_text(json.dumps({k: v for k, v in routing.items() if k != "org_fingerprint"}) + "\n")
    fill = {"tasks": str(tasks_file), "out": str(tmp_path / "nowhere"), "bad": str(bad), "org": str(org_dir),
            "foreign": str(foreign), "unbound": str(unbound)}
    code = cli(*[a.format(**fill) for a in args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("crmarena: error:") and needle in err[0], err
