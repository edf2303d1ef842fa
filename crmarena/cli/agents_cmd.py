"""``crmarena run`` and ``crmarena eval``: run agents on tasks and score the runs."""

import click

from crmarena.cli.console import quiet_option
from crmarena.errors import NotYetAvailable


@click.command("run")
@click.option("--agent", type=click.Choice(["act", "react", "fc", "flex", "oracle"]), required=True)
@click.option("--model", default=None, metavar="PROVIDER:MODEL", help="Chat model for init_chat_model.")
@click.option("--tasks", "tasks_file", type=click.Path(dir_okay=False), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@click.option("--trials", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--concurrency", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@quiet_option
def run(**kwargs) -> None:
    """Run an agent on a task file; resumable."""
    raise NotYetAvailable("run", 7)


@click.command("eval")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@quiet_option
def eval_(**kwargs) -> None:
    """Score a run folder: per task, overall, pass^k."""
    raise NotYetAvailable("eval", 7)


COMMANDS = [run, eval_]
