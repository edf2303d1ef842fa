"""Vectorised categorical draws and time helpers shared by the record steps (no per-row Python)."""

from __future__ import annotations

import numpy as np

DAY = 86_400


def rowcat(rng: np.random.Generator, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per element of ``rows`` with probabilities ``weights[rows]``.

    Loops over the k columns (never over rows): index = #{j < k-1 : cdf[rows, j] <= u}.
    """
    w = np.asarray(weights, float)
    cdf = np.cumsum(w, axis=1)
    cdf = (cdf / cdf[:, -1:]).T.copy()
    u = rng.random(len(rows))
    out = np.zeros(len(rows), np.int64)
    for col in cdf[:-1]:
        out += col[rows] <= u
    return out


def cumulative(p) -> np.ndarray:
    """The normalised cumulative distribution of ``p``, as ``Generator.choice`` computes it."""
    cdf = np.cumsum(np.asarray(p, float))
    cdf /= cdf[-1]
    return cdf


def categorical(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """``n`` draws from one categorical distribution ``p``."""
    cdf = cumulative(p)
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def categorical_one(rng: np.random.Generator, cdf: np.ndarray) -> int:
    """One draw of ``rng.choice(len(cdf), p=p)`` for ``cdf = cumulative(p)``: the same value from the same
    single uniform (the stream advances alike), without ``choice``'s per-call checks (~7x faster)."""
    return int(cdf.searchsorted(rng.random(), side="right"))


def grouped_choice(rng: np.random.Generator, group: np.ndarray, weights: np.ndarray,
                   member_group: np.ndarray) -> np.ndarray:
    """For each element of ``group``, a member of that group drawn in proportion to ``weights``.

    ``member_group`` gives each member's group and must be sorted (members contiguous by group).
    """
    n_groups = int(member_group.max()) + 1 if len(member_group) else 0
    totals = np.bincount(member_group, weights=weights, minlength=n_groups)
    starts = np.concatenate([[0.0], np.cumsum(totals)[:-1]])
    cum = np.cumsum(weights) - starts[member_group]          # cumulative weight inside the group
    key = member_group + cum / totals[member_group]           # in (g, g+1]
    u = group + rng.random(len(group)) * (1 - 1e-12)
    return np.minimum(np.searchsorted(key, u, side="left"), len(weights) - 1)


def largest_remainder(total: int, shares: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Integer counts summing to ``total`` in proportion to ``shares``, each at least ``minimum``."""
    shares = np.asarray(shares, float) / np.sum(shares)
    spare = total - minimum * len(shares)
    raw = shares * spare
    out = np.floor(raw).astype(np.int64)
    out[np.argsort(-(raw - out), kind="stable")[: spare - out.sum()]] += 1
    return out + minimum


def ranks(group: np.ndarray) -> np.ndarray:
    """Position of each element inside its run of equal ``group`` values (``group`` sorted)."""
    n = len(group)
    if n == 0:
        return np.zeros(0, np.int64)
    start = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    return np.arange(n) - np.repeat(start, np.diff(np.r_[start, n]))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
