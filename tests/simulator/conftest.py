"""Shared simulated orgs (session scope): ``tiny_org`` for property tests, default-scale orgs for
signature tests. Built with the public API ``crmarena.simulator.simulate_org``."""

from __future__ import annotations

import pytest

TINY_SEED, TINY_CASES = 11, 300


@pytest.fixture(scope="session")
def tiny_org(tmp_path_factory):
    """A small realistic org (300 cases, seed 11): Parquet tables, latents/, manifest.json."""
    from crmarena.simulator import simulate_org

    return simulate_org(seed=TINY_SEED, cases=TINY_CASES, out_dir=tmp_path_factory.mktemp("sim") / "tiny")


@pytest.fixture(scope="session")
def default_orgs(tmp_path_factory):
    """Default-scale orgs (1,000 cases, seed 5): full model and each main latent ablated, built lazily."""
    from crmarena.simulator import simulate_org

    base = tmp_path_factory.mktemp("sim-default")
    cache: dict[str, object] = {}

    def get(ablate: str | None = None):
        key = ablate or "full"
        if key not in cache:
            cache[key] = simulate_org(seed=5, cases=1000, out_dir=base / key, ablate=[ablate] if ablate else [])
        return cache[key]

    return get
