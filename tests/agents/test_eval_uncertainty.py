"""The interval arithmetic of ``eval`` against published values and the normal approximation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from crmarena.agents.uncertainty import (bootstrap_mean, bootstrap_paired_difference, pass_k_interval,
                                         score_interval, wilson)


@pytest.mark.parametrize("k, n, low, high", [
    (8, 10, 0.4902, 0.9433),      # Wilson (1927); Newcombe (1998) table I
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (81, 263, 0.2553, 0.3662),    # Newcombe (1998), example 81/263
])
def test_wilson_matches_published_values(k, n, low, high):
    iv = wilson(k, n)
    assert iv.method == "wilson" and iv.mean == pytest.approx(k / n)
    assert (iv.low, iv.high) == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_of_nothing_is_undefined_and_bad_counts_are_refused():
    assert wilson(0, 0).method == "none" and math.isnan(wilson(0, 0).mean)
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_bootstrap_is_seeded_and_agrees_with_the_normal_approximation():
    values = np.random.default_rng(1).uniform(0, 1, 2000)
    a, b = bootstrap_mean(values), bootstrap_mean(values)
    assert (a.low, a.high) == (b.low, b.high)                      # same scores, same interval
    assert bootstrap_mean(values, seed=5).low != a.low             # the seed is what fixes it
    half = 1.96 * values.std(ddof=1) / math.sqrt(len(values))
    assert a.low == pytest.approx(values.mean() - half, abs=0.003)
    assert a.high == pytest.approx(values.mean() + half, abs=0.003)


def test_constant_scores_have_a_point_interval():
    iv = bootstrap_mean([0.5] * 7)
    assert (iv.mean, iv.low, iv.high, iv.n) == (0.5, 0.5, 0.5, 7)


def test_paired_difference_is_the_mean_of_differences():
    iv = bootstrap_paired_difference([1, 1, 0, 1], [0, 1, 0, 0])
    assert iv.mean == pytest.approx(0.5) and 0.0 <= iv.low <= 0.5 <= iv.high <= 1.0
    with pytest.raises(ValueError):
        bootstrap_paired_difference([1], [1, 0])


def test_an_all_zero_or_all_one_score_keeps_its_uncertainty():
    """A bootstrap of 27 zeros says [0, 0]; the interval of 27 failures is Wilson's [0, 0.125] instead,
    counted over instances when an instance has several trials."""
    zeros = score_interval([[0.0]] * 27, binary=False)
    assert wilson(0, 3).low == 0.0 and wilson(3, 3).high == 1.0     # exactly, not 5e-17 off
    assert zeros.method == "wilson-instances" and zeros.mean == 0.0 and zeros.low == 0.0 and zeros.high == pytest.approx(wilson(0, 27).high) and zeros.high > 0.1
    ones = score_interval([[1.0, 1.0]] * 9, binary=True)
    assert ones.mean == 1.0 and ones.high == 1.0 and ones.low == pytest.approx(wilson(9, 9).low) and ones.n == 18
    mixed = score_interval([[0.0]] * 26 + [[0.5]], binary=False)
    assert mixed.method == "bootstrap"


def test_score_interval_chooses_wilson_only_for_one_binary_trial():
    one = score_interval([[1.0]] * 8 + [[0.0]] * 2, binary=True)
    assert one.method == "wilson" and (one.low, one.high) == (wilson(8, 10).low, wilson(8, 10).high)
    f1 = score_interval([[0.5], [1.0], [0.25]], binary=False)
    assert f1.method == "bootstrap" and f1.mean == pytest.approx(1.75 / 3)
    trials = score_interval([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], binary=True)
    assert trials.method == "bootstrap" and trials.mean == pytest.approx(0.5) and trials.n == 6


def test_pass_k_interval_brackets_the_value():
    iv = pass_k_interval([(2, 2), (2, 1), (2, 0), (2, 2)], 2)
    assert iv.mean == pytest.approx(0.5) and iv.low <= 0.5 <= iv.high and iv.n == 4
