"""``crmarena study``: realism report, latent recovery, ablation and agent comparison studies."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import cases_type, max_turns_type, per_task_type, study_seeds_type, trials_type
from crmarena.errors import CrmarenaError


@click.group("study")
def study() -> None:
    """Studies of a simulated org and of agents on it."""


FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="table on the terminal, or json / csv on stdout")


def _emit(rows: list[dict], fmt: str, title: str, columns: dict[str, str]) -> None:
    """Print records as a rich table (``columns``: key -> header), JSON (a list of objects) or CSV."""
    import csv
    import json
    import math
    import sys

    from crmarena.cli.console import out_console

    clean = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(clean, indent=2, allow_nan=False))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows(clean)
    else:
        from rich.table import Table

        t = Table(title=title, title_justify="left")
        for header in columns.values():
            t.add_column(header)
        for r in clean:
            t.add_row(*[_cell(r[k]) for k in columns])
        out_console().print(t)


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "[red]no[/red]"
    return f"{v:.3g}" if isinstance(v, float) else str(v)


@study.command("realism")
@click.argument("org_dir", type=click.Path(file_okay=False))
@FORMAT
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for realism.csv and realism.png (default: ORG_DIR/realism).")
@click.option("--no-check", is_flag=True, help="Only report: exit 0 even when figures are outside their ranges.")
@quiet_option
@click.pass_context
def realism(ctx, org_dir, fmt, out_dir, no_check) -> None:
    """Print each simulated figure beside its published range; exit 1 if any is outside (unless --no-check)."""
    from pathlib import Path

    from crmarena.cli.console import err_console
    from crmarena.studies.realism import frame, measure, write_outputs

    figures = measure(org_dir)
    csv_path, png = write_outputs(figures, out_dir or Path(org_dir) / "realism")
    inside = sum(f.inside for f in figures)
    _emit(frame(figures).to_dict("records"), fmt, f"realism of {org_dir}: {inside}/{len(figures)} figures inside",
          {"figure": "figure", "simulated": "simulated", "low": "low", "high": "high", "inside": "inside",
           "what": "what", "source": "source"})
    console = err_console()
    console.print(f"wrote {csv_path} and {png}")
    if inside < len(figures) and not no_check:
        outside = [f.name for f in figures if not f.inside]
        console.print(f"[red]{len(outside)} of {len(figures)} figures outside their published range: "
                      f"{', '.join(outside)}[/] (--no-check to only report)")
        ctx.exit(1)


@study.command("recover")
@click.argument("org_dir", type=click.Path(file_okay=False))
@FORMAT
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for recover.csv and recover-agents.csv (default: ORG_DIR/recover).")
@quiet_option
def recover(org_dir, fmt, out_dir) -> None:
    """Fit latents back from an org with PyMC; compare posteriors with the truth; R-hat and ESS (ArviZ)."""
    from pathlib import Path

    from crmarena.cli.console import err_console
    from crmarena.studies.recover import check_org
    from crmarena.studies.recover import recover as fit
    from crmarena.studies.recover import write_tables

    check_org(org_dir)          # a bad org is one line, before the progress note
    console = err_console()
    console.print(f"fitting agent skill and speed of {org_dir} with PyMC (NUTS) ...")
    results = fit(org_dir)
    summary, agents = write_tables(results, out_dir or Path(org_dir) / "recover")
    _emit([r.row() for r in results], fmt, f"latent recovery of {org_dir}",
          {"latent": "latent", "agents": "agents", "interval": "interval", "coverage": "truth covered",
           "correlation": "corr(mean, truth)", "rhat_max": "max R-hat", "ess_bulk_min": "min bulk ESS",
           "ess_tail_min": "min tail ESS", "chains": "chains", "draws": "draws", "converged": "converged"})
    console.print(f"wrote {summary} and {agents}")
    for r in results:
        if not r.convergence.converged:
            console.print(f"[yellow]agent_skill.{r.parameter}: not converged by Vehtari et al. (2021) (R-hat "
                          f"{r.convergence.rhat_max:.3f}, want < 1.01; min ESS {r.convergence.ess_bulk_min:.0f}, "
                          f"want >= {100 * r.convergence.chains}): read its coverage with care[/]")


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
@click.option("--max-turns", type=max_turns_type(), default=None, help="Model calls per episode (default 20).")
@click.option("--max-tokens", type=click.IntRange(1, 131072), default=None,
              help="Most tokens per reply (default: the provider's; llamacpp 1024).")
@click.option("--schema", "schema_scope", type=click.Choice(["full", "task"]), default=None,
              help="Schema text in the prompt: full, or task (only what the task's gold query touches).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@quiet_option
def compare(agents, tools, model, tasks_file, org_dir, trials, max_turns, max_tokens, schema_scope, out_dir) -> None:
    """Compare agent frameworks and tool types on one task file, with pass^k curves."""
    from pathlib import Path

    from crmarena.cli.console import err_console
    from crmarena.files import make_out_dir
    from crmarena.queries.runner import read_jsonl
    from crmarena.studies.compare import ComparePlan, run_compare, write_compare_report

    plan = ComparePlan(agents=tuple(a.strip() for a in agents.split(",") if a.strip()), tasks_file=Path(tasks_file),
                       out_dir=Path(out_dir), model=model, org_dir=Path(org_dir) if org_dir else None,
                       trials=trials, tools=tools, max_turns=max_turns, max_tokens=max_tokens,
                       schema_scope=schema_scope)
    plan.selected()
    read_jsonl(tasks_file)          # a bad task file is one line here, not a failed study step
    make_out_dir(out_dir)
    console = err_console()
    with console.status("running the comparison") as status:
        result = run_compare(plan, progress=lambda m: status.update(m))
    console.print(f"report: {write_compare_report(plan, result)}")


COMMANDS = [study]
