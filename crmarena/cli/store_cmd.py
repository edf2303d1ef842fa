"""``crmarena load`` and ``crmarena query``: put an org into a store and read it with Cypher."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.command("load")
@click.argument("org_dir", type=click.Path(file_okay=False))
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--admin-import", is_flag=True, help="Neo4j only: neo4j-admin import into a stopped local database.")
@quiet_option
def load(**kwargs) -> None:
    """Load a simulated org folder into a store (idempotent)."""
    raise NotYetAvailable("load", 5)


@click.command("query")
@click.argument("cypher")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None, help="Org folder (embedded store).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@quiet_option
def query(**kwargs) -> None:
    """Run one read-only Cypher query; writes are refused."""
    raise NotYetAvailable("query", 5)


COMMANDS = [load, query]
