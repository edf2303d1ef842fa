"""``crmarena simulate``: generate an org from the PyMC latent model and load a store."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import SEED_RULE, cases_type, partitions_type, seed_type, threads_type


@click.command("simulate")
@click.option("--seed", type=seed_type(), required=True,
              help=f"Master seed ({SEED_RULE}); same seed and config give identical files.")
@click.option("--cases", type=cases_type(), default=None, help="Number of cases (default about 1,000).")
@click.option("--ratios", type=click.Choice(["realistic", "crmarena"]), default=None,
              help="Objects per case: published retail figures, or the original CRMArena org's volumes "
                   "(default: the config's preset, realistic).")
@click.option("--org-kind", "kind", type=click.Choice(["b2c", "b2b"]), default="b2c", show_default=True,
              help="b2c: person accounts (CRMArena's service org); b2b: companies with several contacts "
                   "(CRMArena-Pro's B2B org). Both hold the sales objects.")
@click.option("--ablate", "ablate", multiple=True, metavar="LATENT", help="Replace a latent by a constant (repeatable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, help="YAML overriding the defaults.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Output folder (default orgs/seed-N).")
@click.option("--store", type=click.Choice(["embedded", "neo4j", "none"]), default="embedded", show_default=True)
@click.option("--partitions", type=partitions_type(), default=1, show_default=True,
              help="Dask worker processes drawing the org's blocks (a LocalCluster); the org is the same for any number.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786) whose workers draw the blocks; they must see --out.")
@click.option("--threads", type=threads_type(), default=None,
              help="Blocks drawn at once in this process without --partitions (default: one per core, at most 4); "
                   "the org is the same for any number.")
@quiet_option
def simulate(seed, cases, ratios, ablate, kind, config_file, out_dir, store, partitions, scheduler, threads) -> None:
    """Simulate a CRM org: Parquet per object, latents, manifest; then load the store."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from crmarena.cli.console import err_console, is_quiet
    from crmarena.simulator.config import load_config
    from crmarena.simulator.latents import check_ablations
    from crmarena.simulator.run import run

    check_ablations(ablate)             # fail before any work on an unknown latent name
    load_config(config_file, ratios)    # or on a bad --config
    console = err_console()
    phases = ["catalogue and people", "latents", "blocks", "parquet"]
    t0 = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} phases"),
                  TimeElapsedColumn(), console=console, transient=True,
                  disable=is_quiet() or not console.is_terminal) as bar:   # off a terminal it would leave a blank line
        task = bar.add_task(f"simulating seed {seed}: {phases[0]}", total=len(phases))

        def step(name):
            done = phases.index(name) + 1 if name in phases else 0
            nxt = phases[done] if done < len(phases) else "done"
            bar.update(task, completed=done, description=f"simulating seed {seed}: {nxt}")

        result = run(seed, cases, out_dir, ratios=ratios, ablate=ablate, config_file=config_file, step=step,
                     kind=kind, partitions=partitions, scheduler=scheduler,
                     threads=threads)
    elapsed = time.perf_counter() - t0
    t = Table(title=f"org {result.path} ({kind}, seed {seed}, {result.manifest['ratios']}"
                    + (f", ablated {', '.join(result.manifest['ablations'])}" if result.manifest["ablations"] else "")
                    + f") in {elapsed:.1f} s", title_justify="left")
    t.add_column("object")
    t.add_column("rows", justify="right")
    for label, n in result.counts.items():
        t.add_row(label, f"{n:,}")
    t.add_row("total", f"{sum(result.counts.values()):,}")
    console.print(t)
    if store != "none":
        from crmarena.store import load_org

        load_org(result.path, backend=store, quiet=is_quiet())
    click.echo(str(result.path))


COMMANDS = [simulate]
