"""``crmarena neo4j start|stop|status``: a local Neo4j 5.26 Community server for development and CI."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.group("neo4j")
def neo4j() -> None:
    """Manage a local Neo4j 5.26 Community server (Bolt 7687, HTTP 7474 on 127.0.0.1)."""


@neo4j.command("start")
@quiet_option
def start() -> None:
    """Obtain (Maven Central), configure and start the server; wait for Bolt."""
    raise NotYetAvailable("neo4j start", 3)


@neo4j.command("stop")
@quiet_option
def stop() -> None:
    """Stop the local server."""
    raise NotYetAvailable("neo4j stop", 3)


@neo4j.command("status")
@quiet_option
def status() -> None:
    """Say whether the local server runs and answers."""
    raise NotYetAvailable("neo4j status", 3)


COMMANDS = [neo4j]
