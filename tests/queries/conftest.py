"""Session fixtures: the default org (``simulate --seed 7``), loaded into the embedded store, and its
tasks (130 per task, seed 0), built once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from crmarena.cli.main import main  # noqa: E402


def run_cli(*args: str) -> None:
    """Run ``crmarena ARGS`` in process; a non-zero exit fails the test with the message."""
    try:
        main(list(args))
    except SystemExit as e:
        if e.code not in (0, None):
            raise AssertionError(f"crmarena {' '.join(args)} exited {e.code}") from None


def simulate(out: Path, *extra: str) -> Path:
    run_cli("simulate", "--seed", "7", "--store", "none", "--out", str(out), "-q", *extra)
    return out


@pytest.fixture(scope="session")
def default_org(tmp_path_factory) -> Path:
    org = simulate(tmp_path_factory.mktemp("queries") / "org")
    from crmarena.store import load_org

    load_org(org, "embedded", quiet=True)
    return org


@pytest.fixture(scope="session")
def default_store(default_org):
    from crmarena.store import open_store

    store = open_store("embedded", org_dir=default_org)
    yield store
    store.close()


@pytest.fixture(scope="session")
def default_tasks(default_org, default_store):
    from crmarena.queries.runner import build_instances

    instances, summaries = build_instances(default_org, default_store, per_task=130, seed=0)
    return instances, summaries


@pytest.fixture(scope="session")
def reference(default_org):
    from reference import Reference

    return Reference(default_org)
