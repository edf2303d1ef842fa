"""Fixtures of the CRMArena-Pro family tests: the seed-7 b2b org (from the session's org factory, loaded
into the embedded store) and an embedded store on it, opened per test module."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def b2b(org):
    return org(7, kind="b2b", loaded=True)


@pytest.fixture(scope="module")
def store(b2b):
    from crmarena.store import open_store

    s = open_store("embedded", org_dir=b2b)
    yield s
    s.close()
