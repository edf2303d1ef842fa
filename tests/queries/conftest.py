"""Session fixtures: the default org (``simulate --seed 7``), loaded into the embedded store, and its
tasks (130 per task, seed 0), built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest



@pytest.fixture(scope="session")
def default_org(org) -> Path:
    return org(7, loaded=True)


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
    from tests.queries.reference import Reference

    return Reference(default_org)
