"""Bad input to every command: exit 2, exactly one line ``crmarena: error: ...`` on stderr naming what is
wrong, no traceback, and nothing left behind in the folders the command was pointed at.

Most rows call ``crmarena.cli.main.main`` in this process; a few go through a real ``python -m crmarena``
process to prove no traceback escapes the real entry point. The orgs are schema-driven synthetic orgs
(``crmarena.store.synthetic``, 60 cases, no simulator run) with one table broken per variant.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BROKEN_ORGS = ("trunc", "garbage", "missing", "wrong", "no-account")

# (command line with {b} for the scratch folder, a fragment the error line must contain)
ROWS = [
    # simulate: numeric bounds, seeds, configs, unwritable --out
    ("simulate --seed 1 --cases 1000000000000 --store none --out {b}/out", "'--cases'"),
    ("simulate --seed 1 --cases 0 --store none --out {b}/out", "'--cases'"),
    ("simulate --seed -1 --cases 20 --store none --out {b}/out", "'--seed'"),
    ("simulate --seed 4294967296 --cases 20 --store none --out {b}/out", "0<=x<=4294967295"),
    ("simulate --seed 1000000000000000000000000000000 --cases 20 --store none --out {b}/out", "'--seed'"),
    ("simulate --seed 1 --cases 20 --config {b}/binary.yaml --store none --out {b}/out", "binary.yaml is a binary"),
    ("simulate --seed 1 --cases 20 --config {b}/latin1.yaml --store none --out {b}/out", "not UTF-8"),
    ("simulate --seed 1 --cases 20 --config {b}/list.yaml --store none --out {b}/out", "mapping"),
    ("simulate --seed 1 --cases 20 --config {b}/broken.yaml --store none --out {b}/out", "not valid YAML"),
    ("simulate --seed 1 --cases 20 --config {b}/unknown-key.yaml --store none --out {b}/out", "bogus"),
    ("simulate --seed 1 --cases 20 --config {b}/nothing.yaml --store none --out {b}/out", "nothing.yaml"),
    ("simulate --seed 1 --cases 20 --config {b} --store none --out {b}/out", "'--config'"),
    ("simulate --seed 1 --cases 20 --store none --out {b}/a-file/org", "cannot write the org"),
    ("simulate --seed 1 --cases 20 --store none --out /proc/crmarena-bad-input", "cannot write the org"),
    ("simulate --seed 1 --cases 20 --store none --out {b}/a-file", "is a file"),
    # load: org folders with a broken table
    ("load {b}/nothing", "does not exist"),
    ("load {b}/org-trunc", "Case.parquet is not a readable Parquet file"),
    ("load {b}/org-garbage", "Order.parquet is not a readable Parquet file"),
    ("load {b}/org-missing", "missing CaseHistory.parquet"),
    ("load {b}/org-wrong", "Case.parquet lacks the columns"),
    # query: option parsing (--timeout, --max-rows, --param)
    ("query --org {b}/org --timeout nan 'RETURN 1 AS x'", "not a finite number"),
    ("query --org {b}/org --timeout inf 'RETURN 1 AS x'", "'--timeout'"),
    ("query --org {b}/org --timeout 1e300 'RETURN 1 AS x'", "'--timeout'"),
    ("query --org {b}/org --timeout 0 'RETURN 1 AS x'", "'--timeout'"),
    ("query --org {b}/org --max-rows 0 'RETURN 1 AS x'", "'--max-rows'"),
    ("query --org {b}/org --max-rows 100000000000000000000 'RETURN 1 AS x'", "'--max-rows'"),
    ("query --org {b}/org --param x=2024-13-45 'RETURN $x AS x'", "not a valid date"),
    ("query --org {b}/org --param x=2024-02-30T00:00:00Z 'RETURN $x AS x'", "not a valid date"),
    ("query --org {b}/org --param x=2024-01-05T25:00:00Z 'RETURN $x AS x'", "not a valid date"),
    ("query --org {b}/org --param x=NaN 'RETURN $x AS x'", "NaN"),
    ("query --org {b}/org --param x=1e999 'RETURN $x AS x'", "finite"),
    ("query --org {b}/org --param x=[1,-Infinity] 'RETURN $x AS x'", "Infinity"),
    ("query --org {b}/org --param x=123456789012345678901234567890 'RETURN $x AS x'", "64-bit"),
    ("query --org {b}/org --param =1 'RETURN 1 AS x'", "NAME=VALUE"),
    # tasks: seeds, sizes, unwritable --out, broken orgs
    ("tasks {b}/org --seed -1 --out {b}/t.jsonl", "'--seed'"),
    ("tasks {b}/org --seed 4294967296 --out {b}/t.jsonl", "'--seed'"),
    ("tasks {b}/org --per-task 1000000000 --out {b}/t.jsonl", "'--per-task'"),
    ("tasks {b}/org --per-task 0 --out {b}/t.jsonl", "'--per-task'"),
    ("tasks {b}/org --out {b}/a-file/t.jsonl", "does not exist"),
    ("tasks {b}/org --out /proc/crmarena-bad-input.jsonl", "cannot write --out"),
    ("tasks {b}/org --out {b}", "'--out'"),
    ("tasks {b}/org-trunc --per-task 2 --out {b}/t.jsonl", "Case.parquet is not a readable Parquet file"),
    ("tasks {b}/org-missing --per-task 2 --out {b}/t.jsonl", "missing CaseHistory.parquet"),
    # run: task files, sizes, run folders
    ("run --agent oracle --tasks {b}/broken.jsonl --org {b}/org --out {b}/run", "broken.jsonl line 1"),
    ("run --agent oracle --tasks {b}/binary.jsonl --org {b}/org --out {b}/run", "binary.jsonl is a binary"),
    ("run --agent oracle --tasks {b}/empty.jsonl --org {b}/org --out {b}/run", "holds no task instances"),
    ("run --agent oracle --tasks {b}/wrong.jsonl --org {b}/org --out {b}/run", "is not a task instance"),
    ("run --agent oracle --tasks {b}/nothing.jsonl --org {b}/org --out {b}/run", "nothing.jsonl"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run --trials 1000000000", "'--trials'"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run --trials 0", "'--trials'"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run --concurrency 100000", "'--concurrency'"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run --max-turns 1000000", "'--max-turns'"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run-torn", "run-torn/run.json is not valid"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run-binary", "run.json is a binary"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/run-list", "must hold a JSON object"),
    ("run --agent oracle --tasks {b}/tasks.jsonl --org {b}/org --out {b}/a-file", "'--out'"),
    # eval: the run folder's run.json (its episode lines are checked in tests/agents)
    ("eval {b}/run-torn", "run-torn/run.json is not valid JSON"),
    ("eval {b}/run-binary", "run.json is a binary"),
    ("eval {b}/run-list", "must hold a JSON object"),
    ("eval {b}/run-trials", "'trials' must be a positive integer"),
    ("eval {b}/nothing", "does not exist"),
    # study realism / recover: broken orgs (recover must not start fitting on an incomplete org)
    ("study realism {b}/org-trunc", "Case.parquet is not a readable Parquet file"),
    ("study realism {b}/org-garbage", "Order.parquet is not a readable Parquet file"),
    ("study realism {b}/org-missing", "missing CaseHistory.parquet"),
    ("study realism {b}/org-wrong", "Case.parquet lacks the columns"),
    ("study recover {b}/org-no-account", "missing Account.parquet"),
    ("study recover {b}/org-trunc", "Case.parquet is not a readable Parquet file"),
    ("study recover {b}/org", "manifest.json is missing"),
    # study ablate / compare: sizes, task files, unwritable --out
    ("study ablate --latent agent_skill --seeds 1000000 --out {b}/study", "'--seeds'"),
    ("study ablate --latent agent_skill --cases 1000000000000 --out {b}/study", "'--cases'"),
    ("study ablate --latent agent_skill --per-task 1000000000 --out {b}/study", "'--per-task'"),
    ("study ablate --latent agent_skill --trials 1000000000 --out {b}/study", "'--trials'"),
    ("study ablate --latent agent_skill --out {b}/a-file/study", "cannot create --out folder"),
    ("study ablate --latent agent_skill --agent fc --out {b}/study", "needs --model"),
    ("study compare --agents oracle --tasks {b}/binary.jsonl --org {b}/org --out {b}/study", "is a binary"),
    ("study compare --agents oracle --tasks {b}/tasks.jsonl --org {b}/org --trials 1000000000 --out {b}/study",
     "'--trials'"),
    # bench: sizes and seeds
    ("bench simulate --cases 1000000000000", "'--cases'"),
    ("bench load --cases 1000000000000 --store embedded", "'--cases'"),
    ("bench tasks --org {b}/org --seed -1 --no-neo4j", "'--seed'"),
    ("bench tasks --org {b}/org --per-task 1000000000 --no-neo4j", "'--per-task'"),
    ("bench tasks --org {b}/org --passes 11 --no-neo4j", "'--passes'"),
    ("bench tasks --org {b}/org --tasks {b}/binary.jsonl --no-neo4j", "is a binary"),
    # the rest
    ("browse --port 99999", "'--port'"),
    ("schema --format yaml", "'--format'"),
]

# Rows that also run through a real process (python -m crmarena): the real entry point prints no traceback.
SUBPROCESS_ROWS = [r for r in ROWS if r[0] in {
    "simulate --seed 1 --cases 1000000000000 --store none --out {b}/out",
    "simulate --seed 1 --cases 20 --config {b}/binary.yaml --store none --out {b}/out",
    "query --org {b}/org --timeout nan 'RETURN 1 AS x'",
    "tasks {b}/org --seed -1 --out {b}/t.jsonl",
    "run --agent oracle --tasks {b}/binary.jsonl --org {b}/org --out {b}/run",
    "eval {b}/run-torn",
    "study realism {b}/org-trunc",
}]


def _write_org_variants(b: Path) -> None:
    from crmarena.store.synthetic import write_synthetic_org

    org = b / "org"
    write_synthetic_org(org, cases=60, seed=0)
    for v in BROKEN_ORGS:
        shutil.copytree(org, b / f"org-{v}")
    case = (b / "org-trunc" / "Case.parquet")
    case.write_bytes(case.read_bytes()[: case.stat().st_size // 2])
    (b / "org-garbage" / "Order.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 8 + b"PAR1")
    (b / "org-missing" / "CaseHistory.parquet").unlink()
    shutil.copy(org / "User.parquet", b / "org-wrong" / "Case.parquet")
    (b / "org-no-account" / "Account.parquet").unlink()


def _write_files(b: Path) -> None:
    from crmarena.queries.model import TaskInstance

    task = TaskInstance(idx=0, task="handle_time", query="q", answer=["None"], reward_metric="exact_match",
                        persona="p", template_id="t")
    (b / "tasks.jsonl").write_text(task.model_dump_json() + "\n")
    (b / "broken.jsonl").write_text('{"idx": 0, "task": "handle_time"\n')
    (b / "binary.jsonl").write_bytes(b"\x00\xff\xfePAR1\x00")
    (b / "empty.jsonl").write_text("\n\n")
    (b / "wrong.jsonl").write_text('{"idx": 0}\n')
    (b / "binary.yaml").write_bytes(b"\x00\xff\xfe")
    (b / "latin1.yaml").write_bytes("preset: cr\xe9marena\n".encode("latin-1"))
    (b / "list.yaml").write_text("[1, 2]\n")
    (b / "broken.yaml").write_text("timeline: [\n")
    (b / "unknown-key.yaml").write_text("bogus: 1\n")
    (b / "a-file").write_text("not a folder\n")
    for name, data in {"torn": b'{"agent": "oracle", ', "binary": b"\xff\xfe\x00", "list": b"[1]",
                       "trials": b'{"agent": "oracle", "trials": "x"}'}.items():
        (b / f"run-{name}").mkdir()
        (b / f"run-{name}" / "run.json").write_bytes(data)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    b = tmp_path_factory.mktemp("bad-input")
    _write_org_variants(b)
    _write_files(b)
    return b


@pytest.fixture()
def own_state(tmp_path, monkeypatch):
    """The "last org" state of this test only; no $CRMARENA_ORG from the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CRMARENA_ORG", raising=False)


def _argv(line: str, b: Path) -> list[str]:
    import shlex

    return shlex.split(line.replace("{b}", str(b)))


def _tree(b: Path) -> dict[str, int]:
    """Every file and folder under ``b`` (hidden ones too) with its size: what a command left behind."""
    return {str(p.relative_to(b)): (p.stat().st_size if p.is_file() else -1) for p in b.rglob("*")}


def _assert_one_clean_line(code, err: str, fragment: str) -> None:
    lines = err.splitlines()
    assert code == 2, f"exit {code}: {err}"
    assert "Traceback" not in err
    assert len(lines) == 1 and err.endswith("\n"), repr(err)      # not even a blank line from a progress bar
    assert lines[0].startswith("crmarena: error: "), lines[0]
    assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("line, fragment", ROWS, ids=[r[0].replace("{b}/", "")[:70] for r in ROWS])
def test_bad_input_is_one_line_exit_2_and_leaves_nothing(line, fragment, scratch, own_state, capsys):
    from crmarena.cli.main import main

    before = _tree(scratch)
    with pytest.raises(SystemExit) as exc:
        main(_argv(line, scratch))
    _assert_one_clean_line(exc.value.code, capsys.readouterr().err, fragment)
    assert _tree(scratch) == before


@pytest.mark.parametrize("line, fragment", SUBPROCESS_ROWS,
                         ids=[r[0].replace("{b}/", "")[:50] for r in SUBPROCESS_ROWS])
def test_the_real_entry_point_prints_no_traceback(line, fragment, scratch, tmp_path):
    import os

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop("CRMARENA_ORG", None)
    before = _tree(scratch)
    p = subprocess.run([sys.executable, "-m", "crmarena", *_argv(line, scratch)], capture_output=True, text=True,
                       env=env, timeout=120)
    _assert_one_clean_line(p.returncode, p.stderr, fragment)
    assert _tree(scratch) == before


def test_an_unreachable_neo4j_is_a_runtime_failure_exit_3(own_state, monkeypatch, capsys):
    """Nothing listens on port 9: the driver's refusal is ServiceError (exit 3), not bad input (2)."""
    from crmarena.cli.main import main

    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    with pytest.raises(SystemExit) as exc:
        main(["query", "--store", "neo4j", "RETURN 1 AS x"])
    err = capsys.readouterr().err
    assert exc.value.code == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crmarena: error: no Neo4j answers at bolt://127.0.0.1:9")


def test_a_corrupted_last_org_state_file_is_one_line(own_state, tmp_path, capsys):
    from crmarena.cli.main import main

    state = tmp_path / "xdg" / "crmarena" / "last_org"
    state.parent.mkdir(parents=True)
    state.write_bytes(b"\xff\xfe\x00/tmp")
    with pytest.raises(SystemExit) as exc:
        main(["query", "RETURN 1 AS x"])
    _assert_one_clean_line(exc.value.code, capsys.readouterr().err, "the last-org state file")
