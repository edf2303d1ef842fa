"""``crmarena bench``: speed and memory benchmarks (never timed tests)."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import SEED_RULE, cases_type, partitions_type, per_task_type, seed_type


@click.group("bench")
def bench() -> None:
    """Benchmarks: simulate, load, tasks, and all of them on one org."""


@bench.command("simulate")
@click.option("--cases", type=cases_type(), default=100_000, show_default=True)
@quiet_option
def bench_simulate(cases) -> None:
    """Time per phase, rows/s, peak RSS and the ratio to a pure-numpy forward pass."""
    from rich.table import Table

    from crmarena.cli.console import err_console, out_console
    from crmarena.simulator.bench import run_bench

    product, reference = run_bench(cases, log=err_console().print)
    phases = list(dict.fromkeys(list(product.phases) + list(reference.phases)))
    t = Table(title=f"simulate {cases:,} cases (crmarena ratios): {product.total_s / reference.total_s:.2f}x "
                    "the numpy forward pass", title_justify="left")
    t.add_column("")
    t.add_column("PyMC latents (product)", justify="right")
    t.add_column("numpy latents (reference)", justify="right")
    for ph in phases:
        t.add_row(f"{ph} s", *(f"{p.phases.get(ph, 0):.2f}" for p in (product, reference)))
    t.add_row("wall s (with imports)", *(f"{p.total_s:.2f}" for p in (product, reference)))
    t.add_row("rows", *(f"{p.rows:,}" for p in (product, reference)))
    t.add_row("rows/s", *(f"{p.rows_per_s:,.0f}" for p in (product, reference)))
    t.add_row("peak RSS MiB", *(f"{p.peak_rss_mb:,.0f}" for p in (product, reference)))
    out_console().print(t)


@bench.command("load")
@click.option("--cases", type=cases_type(), default=100_000, show_default=True)
@click.option("--store", "stores", type=click.Choice(["both", "embedded", "neo4j"]), default="both", show_default=True)
@click.option("--server", type=click.Choice(["private", "configured"]), default="private", show_default=True,
              help="Neo4j to measure: a private throwaway server (own home and free ports, deleted after), "
                   "or the configured one (NEO4J_URI ...; its database is wiped: needs --yes-wipe).")
@click.option("--yes-wipe", is_flag=True, help="Allow --server configured to delete everything in its database.")
@click.option("--workdir", type=click.Path(file_okay=False), default=None,
              help="Where to write the benchmark org (default: a temporary folder, removed after).")
@quiet_option
def bench_load(cases: int, stores: str, server: str, yes_wipe: bool, workdir: str | None) -> None:
    """Bulk-load speed into the embedded store and Neo4j.

    Writes a schema-driven synthetic org of CASES cases, loads it into the embedded store (COPY FROM
    Parquet) and into an empty Neo4j database over Bolt twice: the first load and the idempotent
    re-load. Prints rows/s; the Neo4j target is 50,000 rows/s.

    Neo4j is a private server by default: started for the benchmark with the local server's
    configuration (server.yaml), its own home under ~/.cache/crmarena/private-neo4j and free ports,
    stopped and deleted afterwards, so the configured server and its data are never touched.

    \b
    --server configured --yes-wipe measures the configured server (NEO4J_URI ...)
    instead and DELETES its graph first.
    """
    import shutil
    import tempfile
    from pathlib import Path

    from crmarena.cli.console import err_console, is_quiet, out_console
    from crmarena.store.bench import check_server_choice, run_load_bench

    check_server_choice(stores, server, yes_wipe)
    base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="crmarena-bench-load-"))
    console = err_console()
    try:
        bench = run_load_bench(base / f"synthetic-{cases}", cases, stores, server, is_quiet(),
                               log=lambda m: console.print(m, soft_wrap=True, highlight=False))
    finally:
        if not workdir:
            shutil.rmtree(base, ignore_errors=True)
    out_console().print(_load_table(bench))


def _load_table(bench):
    """The rows/s table; its server column and title say which Neo4j server was measured."""
    from rich.table import Table

    title = f"load {bench.cases:,} cases"
    if bench.setup_s is not None:
        title += f" (private Neo4j server: set up in {bench.setup_s:.1f} s, removed after)"
    table = Table("store", "server", "method", "nodes", "relationships", "seconds", "rows/s", title=title,
                  title_justify="left")
    for run in bench.runs:
        r = run.report
        table.add_row(run.store, run.server, run.method, f"{sum(r.nodes.values()):,}",
                      f"{sum(r.relationships.values()):,}", f"{r.seconds:.1f}", f"{r.rows_per_second:,.0f}")
    return table


@bench.command("tasks")
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None,
              help="Org folder to use (default: simulate one with --cases).")
@click.option("--cases", type=cases_type(), default=100_000, show_default=True)
@click.option("--tasks", "tasks_file", type=click.Path(dir_okay=False), default=None,
              help="Time the instances of this task file (written by 'crmarena tasks' on --org) instead of curating.")
@click.option("--per-task", type=per_task_type(), default=130, show_default=True)
@click.option("--seed", type=seed_type(), default=0, show_default=True, help=f"Curation seed ({SEED_RULE}).")
@click.option("--passes", type=click.IntRange(min=1, max=10), default=2, show_default=True,
              help="Runs over all instances per backend (the first reads a cold cache).")
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=True, show_default=True,
              help="Also time Neo4j: the configured server if it holds the org, else a private throwaway "
                   "server (own home and ports, the org loaded into it, deleted after).")
@quiet_option
def bench_tasks(org_dir, cases, tasks_file, per_task, seed, passes, use_neo4j) -> None:
    """Gold-answer computation time on Neo4j and on the embedded store."""
    from rich.table import Table

    from crmarena.cli.console import err_console, out_console
    from crmarena.queries.bench import run_bench
    from crmarena.queries.runner import read_jsonl

    if tasks_file and org_dir:
        read_jsonl(tasks_file)          # a bad task file is one line before the org is loaded
    console = err_console()
    timings, facts = run_bench(org_dir, cases, per_task, seed, use_neo4j, tasks_file=tasks_file, passes=passes,
                               log=console.print)
    source = f"task file {tasks_file}" if tasks_file else f"curation {facts['curate_s']:.1f} s"
    t = Table(title=f"gold answers, {facts['org']} ({source})", title_justify="left")
    for col in ("backend", "instances", "seconds per pass", "ms / instance (last)", "differ", "note"):
        t.add_column(col)
    for g in timings:
        t.add_row(g.backend, str(g.instances), " / ".join(f"{s:.2f}" for s in g.passes) or "-",
                  f"{g.per_instance_ms:.1f}", str(g.differ), g.note)
    out_console().print(t)
    measured = [g for g in timings if g.per_task]
    if measured:
        per = Table("task", *(f"{g.backend} s" for g in measured), title="seconds per task (last pass)",
                    title_justify="left")
        for name in measured[0].per_task:
            per.add_row(name, *(f"{g.per_task.get(name, 0.0):.2f}" for g in measured))
        out_console().print(per)


@bench.command("all")
@click.option("--cases", type=cases_type(), default=100_000, show_default=True)
@click.option("--per-task", type=per_task_type(), default=130, show_default=True)
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=False, show_default=True,
              help="Also load a private throwaway Neo4j server over Bolt, and import the org into another "
                   "with neo4j-admin and time the gold answers there.")
@click.option("--bolt/--no-bolt", default=True, show_default=True,
              help="With --neo4j: include the load over Bolt (the slow one at scale).")
@click.option("--workdir", type=click.Path(file_okay=False), default=None,
              help="Where the org and task file go (default: a temporary folder, removed after).")
@click.option("--partitions", type=partitions_type(), default=1, show_default=True,
              help="Above 1: one more simulate pass on that many Dask workers (the same org).")
@quiet_option
def bench_all(cases: int, per_task: int, use_neo4j: bool, bolt: bool, workdir: str | None, partitions: int) -> None:
    """Every stage on one org, measured in one run: time, rows/s, peak RSS, ratio to the numpy pass.

    Simulates CASES cases (crmarena ratios, seed 7) with PyMC latents and with the numpy reference
    latents, curates PER_TASK instances per task, loads the embedded store and times the gold answers
    (and, with --neo4j, loads a private Neo4j server over Bolt, imports the org into another with
    neo4j-admin and times the gold answers there). Each stage runs in its own process.
    """
    import shutil
    import tempfile
    from pathlib import Path

    from rich.table import Table

    from crmarena.bench_all import run_bench_all
    from crmarena.cli.console import err_console, out_console
    from crmarena.files import make_out_dir

    if workdir:
        make_out_dir(workdir, "--workdir")
    base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="crmarena-bench-all-"))
    try:
        rows = run_bench_all(cases, base, per_task, use_neo4j, log=err_console().print, partitions=partitions,
                             bolt=bolt)
    finally:
        if not workdir:
            shutil.rmtree(base, ignore_errors=True)
    ref = next(r.seconds for r in rows if "numpy" in r.stage)
    t = Table("stage", "seconds", "count", "per second", "peak RSS MiB", "x numpy pass", "note",
              title=f"bench all: {cases:,} cases (crmarena ratios, seed 7), one run", title_justify="left")
    for r in rows:
        t.add_row(r.stage, f"{r.seconds:.1f}", f"{r.rows:,} {r.unit}", f"{r.per_second:,.0f}", f"{r.peak_rss_mb:,.0f}",
                  f"{r.seconds / ref:.2f}", r.note)
    out_console().print(t)


COMMANDS = [bench]
