"""Session fixtures for the agent tests: a tiny simulated org in the real embedded store, and its tasks.

The org is ``crmarena simulate --seed 7 --cases 300`` (small, so the whole agents suite stays fast);
its tasks are built with the real task curators (``build_instances``), a few per task.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

PER_TASK = 6


def _simulate(out: Path) -> Path:
    from crmarena.cli.main import main

    try:
        main(["simulate", "--seed", "7", "--cases", "300", "--store", "none", "--out", str(out), "-q"])
    except SystemExit as e:
        if e.code not in (0, None):
            raise AssertionError(f"crmarena simulate exited {e.code}") from None
    return out


@pytest.fixture(scope="session")
def org_dir(tmp_path_factory) -> Path:
    from crmarena.store import load_org

    root = tmp_path_factory.mktemp("agents")
    org = _simulate(root / "org")
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(root / "xdg")   # loading remembers the org: not in the user's home
    try:
        load_org(org, "embedded", quiet=True)
    finally:
        if old is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = old
    return org


@pytest.fixture(scope="session")
def store(org_dir):
    from crmarena.store import open_store

    s = open_store("embedded", org_dir=org_dir)
    yield s
    s.close()


@pytest.fixture(scope="session")
def tasks(org_dir, store):
    from crmarena.queries.runner import build_instances

    instances, _ = build_instances(org_dir, store, per_task=PER_TASK, seed=0)
    return instances


@pytest.fixture(scope="session")
def tasks_file(tasks, tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("agent-tasks") / "tasks.jsonl"
    f.write_text("".join(json.dumps(t.model_dump(mode="json")) + "\n" for t in tasks))
    return f

