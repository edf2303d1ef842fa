"""Shared simulated orgs (session scope): ``tiny_org`` for property tests, default-scale orgs for
signature tests. Built with the public API ``crmarena.simulator.simulate_org``."""

from __future__ import annotations

import pytest

TINY_SEED, TINY_CASES = 11, 300


@pytest.fixture(scope="session")
def tiny_org(org):
    """A small realistic org (300 cases, seed 11): Parquet tables, latents/, manifest.json."""
    return org(TINY_SEED, TINY_CASES)


@pytest.fixture(scope="session")
def default_orgs(org):
    """Default-scale orgs (1,000 cases, seed 5): full model and each main latent ablated, built lazily."""
    return lambda ablate=None: org(5, 1000, ablate=(ablate,) if ablate else ())
