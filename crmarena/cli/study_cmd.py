"""``crmarena study``: realism report, latent recovery, ablation and agent comparison studies."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.group("study")
def study() -> None:
    """Studies of a simulated org and of agents on it."""


@study.command("realism")
@click.argument("org_dir", type=click.Path(file_okay=False))
@quiet_option
def realism(**kwargs) -> None:
    """Print each simulated figure beside its published range."""
    raise NotYetAvailable("study realism", 4)


@study.command("recover")
@click.argument("org_dir", type=click.Path(file_okay=False))
@quiet_option
def recover(**kwargs) -> None:
    """Fit latents back from an org with PyMC; compare posteriors with the truth."""
    raise NotYetAvailable("study recover", 4)


@study.command("ablate")
@click.option("--latent", "latents", multiple=True, required=True)
@click.option("--seeds", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@quiet_option
def ablate(**kwargs) -> None:
    """Full org vs each latent ablated: signatures and task answer shifts."""
    raise NotYetAvailable("study ablate", 8)


@study.command("compare")
@click.option("--agents", required=True)
@click.option("--tools", type=click.Choice(["task", "general", "both"]), default="both")
@quiet_option
def compare(**kwargs) -> None:
    """Compare agent frameworks and tool types."""
    raise NotYetAvailable("study compare", 8)


COMMANDS = [study]
