"""``crmarena browse``: open the org in Neo4j Browser."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.command("browse")
@quiet_option
def browse() -> None:
    """Print the Neo4j Browser URL and the commands to load the style and guide."""
    raise NotYetAvailable("browse", 8)


COMMANDS = [browse]
