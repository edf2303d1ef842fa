"""Click types for the numeric flags: every number has documented bounds (``crmarena.settings.Bounds``).

A value outside its range is a usage error (one line, exit 2) before any work starts; the range is
shown in each option's --help (e.g. ``[0<=x<=4294967295]``).
"""

from __future__ import annotations

import math

import click

from crmarena.settings import BOUNDS, Bounds


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that also refuses nan (which compares false with both bounds)."""

    name = "float"

    def convert(self, value, param, ctx):
        rv = super().convert(value, param, ctx)
        if not math.isfinite(rv):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return rv


def seed_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(0, b.seed_max)


def cases_type(minimum: int = 1, b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(minimum, b.cases_max)


def per_task_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.per_task_max)


def trials_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.trials_max)


def concurrency_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.concurrency_max)


def max_turns_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.max_turns_max)


def study_seeds_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.study_seeds_max)


def timeout_type(b: Bounds = BOUNDS) -> FiniteFloatRange:
    return FiniteFloatRange(b.timeout_min_s, b.timeout_max_s)


def max_rows_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.max_rows_max)


def partitions_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.partitions_max)


def threads_type(b: Bounds = BOUNDS) -> click.IntRange:
    return click.IntRange(1, b.threads_max)


SEED_RULE = "0 <= seed < 2**32; other seeds are refused"
