"""``crmarena simulate``: generate an org from the PyMC latent model and load a store."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.command("simulate")
@click.option("--seed", type=int, required=True, help="Master seed; same seed and config give identical files.")
@click.option("--cases", type=click.IntRange(min=1), default=None, help="Number of cases (default about 1,000).")
@click.option("--ratios", type=click.Choice(["realistic", "crmarena"]), default="realistic", show_default=True,
              help="Objects per case: published retail figures, or the original CRMArena org's volumes.")
@click.option("--ablate", "ablate", multiple=True, metavar="LATENT", help="Replace a latent by a constant (repeatable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, help="YAML overriding the defaults.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Output folder (default orgs/seed-N).")
@click.option("--store", type=click.Choice(["embedded", "neo4j", "none"]), default="embedded", show_default=True)
@quiet_option
def simulate(**kwargs) -> None:
    """Simulate a CRM org: Parquet per object, latents, manifest; then load the store."""
    raise NotYetAvailable("simulate", 4)


COMMANDS = [simulate]
