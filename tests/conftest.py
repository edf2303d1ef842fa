"""Shared fixtures. Neo4j tests run only when CRMARENA_NEO4J_TESTS=1 (CI sets it after
``crmarena neo4j start``); there they fail, never skip, if the server does not answer.

- The user's state is never touched: before any test, XDG_DATA_HOME and XDG_CONFIG_HOME (the
  remembered last org, settings) point into a fresh temporary folder, and CRMARENA_ORG is unset.
  XDG_CACHE_HOME stays: it holds the Neo4j jars CI assembled (a cache, not state).
- ``org(seed, cases, ablate, ratios, kind, loaded)``: the one org factory. The simulator is
  deterministic, so each distinct key is simulated once per session and shared: a test that changes
  an org copies it first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

NEO4J_ENABLED = os.environ.get("CRMARENA_NEO4J_TESTS") == "1"
ORG_KINDS = ("b2c", "b2b")
_STATE = {"user": {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}}


def pytest_configure(config):
    root = Path(tempfile.mkdtemp(prefix="crmarena-tests-"))
    _STATE["root"] = root
    os.environ["XDG_DATA_HOME"] = str(root / "data")
    os.environ["XDG_CONFIG_HOME"] = str(root / "config")
    os.environ.pop("CRMARENA_ORG", None)


def pytest_unconfigure(config):
    root = _STATE.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def user_state_dirs() -> dict[str, str | None]:
    """The XDG folders the user had before the session (None: unset)."""
    return dict(_STATE["user"])


@pytest.fixture(scope="session")
def org(tmp_path_factory):
    """``org(seed=7, cases=None, ablate=(), ratios=None, kind="b2c", loaded=False, block_cases=None) -> Path``:
    a simulated org folder, built once per session per key; ``loaded`` also loads it into the embedded
    store; ``block_cases`` cuts its service records into blocks of that many cases (a dataset folder per
    block table, as at scale)."""
    from crmarena.simulator import simulate_org
    from crmarena.store import load_org

    base = tmp_path_factory.mktemp("orgs")
    built: dict[tuple, Path] = {}
    loaded_orgs: set[Path] = set()

    def make(seed: int = 7, cases: int | None = None, ablate: tuple[str, ...] = (), ratios: str | None = None,
             kind: str = "b2c", loaded: bool = False, block_cases: int | None = None) -> Path:
        if kind not in ORG_KINDS:
            raise ValueError(f"unknown org kind {kind!r}; known: {', '.join(ORG_KINDS)}")
        key = (seed, cases, tuple(sorted(ablate)), ratios, kind, block_cases)
        if key not in built:
            name = "-".join(str(x) for x in (kind, seed, cases or "d", ratios or "p", block_cases or "b", *key[2]))
            config = None
            if block_cases:
                config = base / f"blocks-{block_cases}.yaml"
                config.write_text(f"partition:\n  block_cases: {block_cases}\n")
            built[key] = simulate_org(seed=seed, cases=cases, out_dir=base / name, ablate=list(key[2]),
                                      ratios=ratios, kind=kind, config_file=config)
        path = built[key]
        if loaded and path not in loaded_orgs:
            load_org(path, "embedded", quiet=True)
            loaded_orgs.add(path)
        return path

    return make


def pytest_itemcollected(item):
    """Groups for pytest-xdist's loadgroup (set as each test is collected, before xdist's worker reads
    them into the node ids): every Neo4j test in one group (they share the one server, each module
    loading its org into it), every other test with the rest of its file."""
    neo4j = item.get_closest_marker("neo4j") is not None
    item.add_marker(pytest.mark.xdist_group("neo4j" if neo4j else item.nodeid.split("::")[0]))


def pytest_collection_modifyitems(config, items):
    if NEO4J_ENABLED:
        return
    skip = pytest.mark.skip(reason="Neo4j tests need CRMARENA_NEO4J_TESTS=1 and a running server")
    for item in items:
        if item.get_closest_marker("neo4j"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def neo4j_settings():
    from crmarena.settings import Neo4jSettings

    return Neo4jSettings.from_env()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings):
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_settings.uri, auth=(neo4j_settings.user, neo4j_settings.password))
    driver.verify_connectivity()
    yield driver
    driver.close()
