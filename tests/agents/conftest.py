"""Session fixtures for the agent tests: a tiny simulated org in the real embedded store, and its tasks.

The org is ``crmarena simulate --seed 7 --cases 300`` (small, so the whole agents suite stays fast);
its tasks are built with the real task curators (``build_instances``), a few per task.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PER_TASK = 6


@pytest.fixture(scope="session")
def org_dir(org) -> Path:
    return org(7, 300, loaded=True)


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

