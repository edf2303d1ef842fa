"""``crmarena tasks``: curate task instances with computed gold answers."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import SEED_RULE, per_task_type, seed_type


@click.command("tasks")
@click.argument("org_dir", type=click.Path(file_okay=False))
@click.option("--per-task", type=per_task_type(), default=130, show_default=True, help="Instances per task.")
@click.option("--task", "task_names", multiple=True, metavar="NAME", help="Only these tasks (repeatable).")
@click.option("--suite", type=click.Choice(["service", "pro", "all"]), default=None,
              help="service: CRMArena's 9 tasks (the default); pro / all: CRMArena-Pro's 22 (on a b2b org; a b2c "
                   "org gets those it supports). Not with --task.")
@click.option("--seed", type=seed_type(), default=0, show_default=True, help=f"Curation seed ({SEED_RULE}).")
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), required=True)
@click.option("--allow-shortfall", is_flag=True,
              help="Write the file even when a task's quotas cannot be met (the summary says so).")
@quiet_option
def tasks(org_dir: str, per_task: int, task_names: tuple[str, ...], suite: str | None, seed: int, store: str,
          out_file: str, allow_shortfall: bool) -> None:
    """Generate task instances for an org as JSONL (CRMArena's 9 tasks, or a --suite).

    A task whose quotas (instances, None share, evidence) cannot be met is an error (exit 2) naming the
    shortfall per task, unless --allow-shortfall is given."""
    from crmarena.cli.console import err_console, is_quiet
    from crmarena.tasks.registry import check_names
    from crmarena.queries.report import summary_table
    from crmarena.errors import CrmarenaError
    from crmarena.queries.runner import build_instances, shortfall_message, write_jsonl
    from crmarena.queries.stores import open_task_store

    from crmarena.files import check_out_file

    from crmarena.tasks.registry import check_kind, suite_names
    from crmarena.store.org import org_kind
    from pathlib import Path

    if task_names and suite:
        raise CrmarenaError("give either --task or --suite, not both")
    kind = org_kind(Path(org_dir).expanduser()) if Path(org_dir).expanduser().is_dir() else "b2c"
    names = check_names(list(task_names)) if task_names else suite_names(suite or "service", kind)
    check_kind(names, kind)                     # an unknown name or a task of another org kind fails first
    check_out_file(out_file)                    # so does an --out that cannot be written
    console = err_console()
    with open_task_store(org_dir, store, quiet=is_quiet()) as graph:
        with console.status("curating tasks ...") as status:
            def progress(s):
                status.update(f"curating tasks ... {s.task} done ({s.count} instances, {s.seconds:.1f} s)")
            instances, summaries = build_instances(org_dir, graph, per_task=per_task, names=names, seed=seed,
                                                   on_task=progress)
    short = shortfall_message(summaries)
    if short and not allow_shortfall:
        console.print(summary_table(summaries))
        raise CrmarenaError(f"the org cannot supply every quota: {short}; nothing written "
                            "(--allow-shortfall writes what was curated)")
    path = write_jsonl(instances, out_file)
    console.print(summary_table(summaries, allowed_shortfall=allow_shortfall))
    console.print(f"wrote {len(instances)} instances to {path}")
    if short:
        console.print(f"[yellow]shortfall allowed: {short}[/]")


COMMANDS = [tasks]
