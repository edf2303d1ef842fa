"""``crmarena schema``: the graph schema as Markdown, JSON, Cypher DDL or the agents' text."""

import click

from crmarena.cli.console import quiet_option


@click.command("schema")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "cypher", "agent"]), default="markdown",
              show_default=True, help="markdown for docs, json for tools, cypher for the DDL, agent for prompts.")
@quiet_option
def schema(fmt: str) -> None:
    """Print the graph schema of the 16 CRMArena objects."""
    from crmarena.graph_schema.render import FORMATS

    click.echo(FORMATS[fmt]())


COMMANDS = [schema]
