"""``crmarena study``: realism report, latent recovery, ablation and agent comparison studies."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import cases_type, per_task_type, study_seeds_type, trials_type
from crmarena.errors import CrmarenaError, NotYetAvailable


@click.group("study")
def study() -> None:
    """Studies of a simulated org and of agents on it."""


@study.command("realism")
@click.argument("org_dir", type=click.Path(file_okay=False))
@quiet_option
def realism(org_dir) -> None:
    """Print each simulated figure beside its published range."""
    from rich.table import Table

    from crmarena.cli.console import out_console
    from crmarena.studies.realism import measure

    figures = measure(org_dir)
    t = Table(title=f"realism of {org_dir}: {sum(f.inside for f in figures)}/{len(figures)} figures inside",
              title_justify="left")
    t.add_column("figure", no_wrap=True)
    for col in ("simulated", "published range", "", "what", "source"):
        t.add_column(col)
    for f in figures:
        t.add_row(f.name, f"{f.value:.3g}", f"{f.low:g} – {f.high:g}", "ok" if f.inside else "[red]OUTSIDE[/red]",
                  f.what, f.source)
    out_console().print(t)


@study.command("recover")
@click.argument("org_dir", type=click.Path(file_okay=False))
@quiet_option
def recover(org_dir) -> None:
    """Fit latents back from an org with PyMC; compare posteriors with the truth."""
    from rich.table import Table

    from crmarena.cli.console import err_console, out_console
    from crmarena.studies.recover import check_org
    from crmarena.studies.recover import recover as fit

    check_org(org_dir)          # a bad org is one line, before the progress note
    err_console().print(f"fitting agent skill and speed of {org_dir} with PyMC (NUTS) ...")
    t = Table(title=f"latent recovery of {org_dir}", title_justify="left")
    for col in ("latent", "agents", "interval", "truth covered", "corr(mean, truth)"):
        t.add_column(col)
    for r in fit(org_dir):
        t.add_row(f"agent_skill.{r.parameter}", str(r.agents), f"{r.interval:.0%}", f"{r.coverage:.0%}",
                  f"{r.correlation:.2f}")
    out_console().print(t)


@study.command("ablate")
@click.option("--latent", "latents", multiple=True, required=True, metavar="NAME",
              help="Latent to ablate (repeatable); each is compared with the full org.")
@click.option("--seeds", type=study_seeds_type(), default=1, show_default=True, help="Seeds 1..K.")
@click.option("--cases", type=cases_type(10), default=None, help="Cases per org (default: the simulator's).")
@click.option("--per-task", type=per_task_type(), default=40, show_default=True)
@click.option("--agent", type=click.Choice(["act", "react", "fc", "flex", "oracle"]), default=None,
              help="Also score this agent on every org's tasks.")
@click.option("--model", default=None, metavar="PROVIDER:MODEL")
@click.option("--trials", type=trials_type(), default=1, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@quiet_option
def ablate(latents, seeds, cases, per_task, agent, model, trials, out_dir) -> None:
    """Full org vs each latent ablated: signatures, task answer shifts, agent scores."""
    from pathlib import Path

    from crmarena.cli.console import err_console
    from crmarena.files import make_out_dir
    from crmarena.simulator.latents import check_ablations
    from crmarena.studies.ablation import AblationPlan, run_ablation
    from crmarena.studies.report import write_ablation_report

    check_ablations(latents)
    if agent and agent != "oracle" and not model:
        raise CrmarenaError(f"--agent {agent} needs --model PROVIDER:MODEL (e.g. openai:gpt-4o)")
    make_out_dir(out_dir)
    plan = AblationPlan(latents=tuple(dict.fromkeys(latents)), seeds=tuple(range(1, seeds + 1)),
                        out_dir=Path(out_dir), cases=cases, per_task=per_task, agent=agent, model=model,
                        trials=trials)
    console = err_console()
    with console.status("running the ablation study") as status:
        result = run_ablation(plan, progress=lambda m: status.update(m))
    report = write_ablation_report(plan, result)
    console.print(f"report: {report}")


@study.command("compare")
@click.option("--agents", required=True, help="Comma-separated frameworks, e.g. act,react,fc,flex.")
@click.option("--tools", type=click.Choice(["task", "general", "both"]), default=None,
              help="Only the agents with this tool type (default: all listed).")
@click.option("--model", default=None, metavar="PROVIDER:MODEL")
@click.option("--tasks", "tasks_file", type=click.Path(dir_okay=False, exists=True), required=True)
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None)
@click.option("--trials", type=trials_type(), default=1, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@quiet_option
def compare(agents, tools, model, tasks_file, org_dir, trials, out_dir) -> None:
    """Compare agent frameworks and tool types on one task file, with pass^k curves."""
    from pathlib import Path

    from crmarena.cli.console import err_console
    from crmarena.files import make_out_dir
    from crmarena.queries.runner import read_jsonl
    from crmarena.studies.compare import ComparePlan, run_compare, write_compare_report

    plan = ComparePlan(agents=tuple(a.strip() for a in agents.split(",") if a.strip()), tasks_file=Path(tasks_file),
                       out_dir=Path(out_dir), model=model, org_dir=Path(org_dir) if org_dir else None,
                       trials=trials, tools=tools)
    plan.selected()
    read_jsonl(tasks_file)          # a bad task file is one line here, not a failed study step
    make_out_dir(out_dir)
    console = err_console()
    with console.status("running the comparison") as status:
        result = run_compare(plan, progress=lambda m: status.update(m))
    console.print(f"report: {write_compare_report(plan, result)}")


COMMANDS = [study]
