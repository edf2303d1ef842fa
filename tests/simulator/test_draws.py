"""The scalar categorical draw the per-row sales loops use is Generator.choice's draw, stream for stream."""

from __future__ import annotations

import numpy as np
import pytest

from crmarena.simulator.draws import categorical_one, cumulative


@pytest.mark.parametrize("p", [(0.2, 0.6, 0.2), (1.0,), (0.5, 0.5), (0.05, 0.0, 0.7, 0.25), (3, 1, 1)])
@pytest.mark.parametrize("seed", [0, 7, 2**32 - 1])
def test_categorical_one_is_choice_with_the_same_stream(p, seed):
    weights = np.asarray(p, float) / np.sum(p)
    a, b = np.random.default_rng(seed), np.random.default_rng(seed)
    cdf = cumulative(p)
    got = [categorical_one(a, cdf) for _ in range(5000)]
    want = [int(b.choice(len(p), p=weights)) for _ in range(5000)]
    assert got == want
    assert a.random() == b.random()          # both streams advanced by the same draws
    assert set(got) <= {i for i, w in enumerate(p) if w > 0}


def test_cumulative_is_normalised():
    cdf = cumulative((3, 1, 1))
    assert cdf[-1] == 1.0 and np.all(np.diff(cdf) >= 0)
