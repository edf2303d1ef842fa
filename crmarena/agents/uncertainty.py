"""Intervals for benchmark scores: Wilson for success rates, a seeded bootstrap for everything else.

- ``wilson(k, n)``: the 95 % Wilson score interval of ``k`` successes in ``n`` independent trials
  (Wilson 1927); used for exact-match scores with one trial per instance.
- ``bootstrap_mean(values)``: the 95 % percentile bootstrap interval of a mean, from ``B`` = 2,000
  resamples drawn by ``numpy.random.default_rng(seed)`` (seed 0 unless given), so the same scores
  always give the same interval. Used for token-F1 scores, for mixed exact/F1 totals, and whenever an
  instance has several trials (the instance is the resampled unit, its trials stay together).
- ``bootstrap_paired_difference(a, b)``: the same bootstrap on per-instance differences ``a - b``
  (an agent against a baseline on the same instances).
- ``pass_k_interval``: pass^k (tau-bench) with a bootstrap interval over instances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from crmarena.agents.scoring import pass_hat_k

Z95 = 1.959963984540054
RESAMPLES = 2000


@dataclass(frozen=True)
class Interval:
    """A mean with its 95 % interval and how the interval was computed."""

    mean: float
    low: float
    high: float
    n: int
    method: str        # "wilson" | "wilson-instances" (all scores 0, or all 1) | "bootstrap" | "none" (no data)

    def as_dict(self) -> dict:
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n, "method": self.method}

    def text(self, digits: int = 3) -> str:
        if self.method == "none":
            return "-"
        return f"{self.mean:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def wilson(k: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval of ``k`` successes out of ``n``."""
    if not 0 <= k <= n:
        raise ValueError(f"wilson needs 0 <= successes <= trials, got {k} of {n}")
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, "none")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)      # exact at the bounds (no 5e-17 for 0 of n)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Interval(p, low, high, n, "wilson")


def _resample_means(values: np.ndarray, seed: int, resamples: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(values), size=(resamples, len(values)))
    return values[picks].mean(axis=1)


def bootstrap_mean(values: Sequence[float], *, seed: int = 0, resamples: int = RESAMPLES) -> Interval:
    """Percentile bootstrap interval (2.5 %, 97.5 %) of the mean of ``values``."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return Interval(math.nan, math.nan, math.nan, 0, "none")
    means = _resample_means(v, seed, resamples)
    low, high = np.quantile(means, [0.025, 0.975])
    return Interval(float(v.mean()), float(low), float(high), int(v.size), "bootstrap")


def bootstrap_paired_difference(a: Sequence[float], b: Sequence[float], *, seed: int = 0,
                                resamples: int = RESAMPLES) -> Interval:
    """Interval of mean(a - b) over paired units (the same instances scored two ways)."""
    if len(a) != len(b):
        raise ValueError(f"paired scores differ in length: {len(a)} and {len(b)}")
    return bootstrap_mean(np.asarray(a, dtype=float) - np.asarray(b, dtype=float), seed=seed, resamples=resamples)


def score_interval(per_instance: Sequence[Sequence[float]], binary: bool, *, seed: int = 0) -> Interval:
    """Interval of the mean score over episodes, given each instance's trial scores.

    Binary scores with one trial per instance: Wilson. Otherwise a bootstrap over instances (each
    instance weighted by its trial count, so the mean equals the mean over episodes), except when every
    episode scored 0 (or 1): then Wilson over the instances, never the bootstrap's degenerate [0, 0].
    """
    groups = [list(map(float, g)) for g in per_instance if len(g)]
    episodes = [s for g in groups for s in g]
    if not episodes:
        return Interval(math.nan, math.nan, math.nan, 0, "none")
    if binary and all(len(g) == 1 for g in groups):
        return wilson(int(round(sum(episodes))), len(episodes))
    if all(s == 0.0 for s in episodes) or all(s == 1.0 for s in episodes):
        # every resample would repeat the one value, and a bootstrap would claim [v, v]. Scores lie in
        # [0, 1]: take Wilson's interval over the instances (trials of one instance are not independent)
        w = wilson(len(groups) if episodes[0] == 1.0 else 0, len(groups))
        return Interval(episodes[0], w.low, w.high, len(episodes), "wilson-instances")
    sizes = np.array([len(g) for g in groups], dtype=float)
    sums = np.array([sum(g) for g in groups], dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(groups), size=(RESAMPLES, len(groups)))
    means = sums[picks].sum(axis=1) / sizes[picks].sum(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return Interval(float(np.mean(episodes)), float(low), float(high), len(episodes), "bootstrap")


def pass_k_interval(trials: list[tuple[int, int]], k: int, *, seed: int = 0) -> Interval:
    """pass^k over (trials, successes) per instance, with a bootstrap interval over instances."""
    value = pass_hat_k(trials, k)
    per = np.array([math.comb(c, k) / math.comb(n, k) for n, c in trials], dtype=float)
    boot = bootstrap_mean(per, seed=seed)
    return Interval(value, boot.low, boot.high, len(trials), "bootstrap")
