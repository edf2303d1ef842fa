"""``crmarena tasks``: curate task instances with computed gold answers."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.command("tasks")
@click.argument("org_dir", type=click.Path(file_okay=False))
@click.option("--per-task", type=click.IntRange(min=1), default=130, show_default=True)
@click.option("--task", "task_names", multiple=True, metavar="NAME", help="Only these tasks (repeatable).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), required=True)
@quiet_option
def tasks(**kwargs) -> None:
    """Generate the 9 CRMArena tasks for an org as JSONL."""
    raise NotYetAvailable("tasks", 6)


COMMANDS = [tasks]
