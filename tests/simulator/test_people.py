"""The lead company pool: distinct names computed from a small base, never held whole."""

import numpy as np
import pyarrow.compute as pc

from crmarena.simulator.people import company_pool
from crmarena.simulator.seeds import Streams


def test_company_names_are_distinct_numbered_past_the_base_and_their_domains_are_their_letters():
    pool = company_pool(Streams(3), 20_000)
    h = len(pool.base)
    assert 1_000 < h < 20_000 and len(pool) == 20_000
    idx = np.arange(len(pool))
    names = pool.names(idx).to_pylist()
    assert len(set(names)) == len(names)
    assert names[:h] == pool.base.to_pylist()
    i = h + 123
    assert names[i] == f"{names[i % h]} {i // h + 1}"
    some = np.random.default_rng(0).integers(0, len(pool), 5_000)
    want = pc.utf8_lower(pc.replace_substring_regex(pool.names(some), r"[^A-Za-z]", ""))
    assert pool.domains(some).equals(want)
    assert pool.names(some[:10]).to_pylist() == [names[k] for k in some[:10]]
