"""``crmarena bench``: speed and memory benchmarks (never timed tests)."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.group("bench")
def bench() -> None:
    """Benchmarks: simulate, load, tasks."""


@bench.command("simulate")
@click.option("--cases", type=click.IntRange(min=1), default=100_000, show_default=True)
@quiet_option
def bench_simulate(**kwargs) -> None:
    """Time per phase, rows/s, peak RSS and the ratio to a pure-numpy forward pass."""
    raise NotYetAvailable("bench simulate", 4)


@bench.command("load")
@click.option("--cases", type=click.IntRange(min=1), default=100_000, show_default=True)
@quiet_option
def bench_load(**kwargs) -> None:
    """Bulk-load speed into the embedded store and Neo4j."""
    raise NotYetAvailable("bench load", 5)


@bench.command("tasks")
@quiet_option
def bench_tasks(**kwargs) -> None:
    """Gold-answer computation time on Neo4j and on the embedded store."""
    raise NotYetAvailable("bench tasks", 6)


COMMANDS = [bench]
