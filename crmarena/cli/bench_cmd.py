"""``crmarena bench``: speed and memory benchmarks (never timed tests)."""

import click

from crmarena.cli.console import quiet_option


@click.group("bench")
def bench() -> None:
    """Benchmarks: simulate, load, tasks."""


@bench.command("simulate")
@click.option("--cases", type=click.IntRange(min=1), default=100_000, show_default=True)
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
@click.option("--cases", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--store", "stores", type=click.Choice(["both", "embedded", "neo4j"]), default="both", show_default=True)
@click.option("--workdir", type=click.Path(file_okay=False), default=None,
              help="Where to write the benchmark org (default: a temporary folder, removed after).")
@quiet_option
def bench_load(cases: int, stores: str, workdir: str | None) -> None:
    """Bulk-load speed into the embedded store and Neo4j.

    Writes a schema-driven synthetic org of CASES cases, loads it into the embedded store (COPY FROM
    Parquet) and into Neo4j over Bolt twice: into an emptied database (its graph is deleted!) and
    again (the idempotent re-load). Prints rows/s; the Neo4j target is 50,000 rows/s.
    """
    import shutil
    import tempfile
    import time
    from pathlib import Path

    from rich.table import Table

    from crmarena.cli.console import err_console, is_quiet, out_console
    from crmarena.settings import Neo4jSettings
    from crmarena.store import load_org
    from crmarena.store.synthetic import write_synthetic_org

    base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="crmarena-bench-load-"))
    org = base / f"synthetic-{cases}"
    console = err_console()
    table = Table("store", "method", "nodes", "relationships", "seconds", "rows/s")
    try:
        t0 = time.perf_counter()
        write_synthetic_org(org, cases=cases, seed=1)
        console.print(f"wrote a synthetic org of {cases:,} cases in {time.perf_counter() - t0:.1f} s")
        runs = []
        if stores in ("both", "embedded"):
            runs.append(("embedded", "COPY FROM Parquet", load_org(org, "embedded", quiet=is_quiet())))
        if stores in ("both", "neo4j"):
            from crmarena.store.neo4j_load import Neo4jLoader

            wiper = Neo4jLoader(Neo4jSettings.from_env())
            try:
                wiper.wipe()
            finally:
                wiper.close()
            runs.append(("neo4j", "UNWIND+CREATE/MERGE, empty db", load_org(org, "neo4j", quiet=is_quiet())))
            runs.append(("neo4j", "re-load (MERGE, no change)", load_org(org, "neo4j", quiet=is_quiet())))
        for store, method, r in runs:
            table.add_row(store, method, f"{sum(r.nodes.values()):,}", f"{sum(r.relationships.values()):,}",
                          f"{r.seconds:.1f}", f"{r.rows_per_second:,.0f}")
        out_console().print(table)
    finally:
        if not workdir:
            shutil.rmtree(base, ignore_errors=True)


@bench.command("tasks")
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None,
              help="Org folder to use (default: simulate one with --cases).")
@click.option("--cases", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--per-task", type=click.IntRange(min=1), default=130, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Curation seed.")
@click.option("--neo4j/--no-neo4j", "use_neo4j", default=True, show_default=True,
              help="Also time Neo4j when a server answers (loading the org into it if it holds another).")
@quiet_option
def bench_tasks(org_dir, cases, per_task, seed, use_neo4j) -> None:
    """Gold-answer computation time on Neo4j and on the embedded store."""
    from rich.table import Table

    from crmarena.cli.console import err_console, out_console
    from crmarena.queries.bench import run_bench

    console = err_console()
    timings, facts = run_bench(org_dir, cases, per_task, seed, use_neo4j, log=console.print)
    t = Table(title=f"gold answers, {facts['org']} (curation {facts['curate_s']:.1f} s)", title_justify="left")
    for col in ("backend", "instances", "seconds", "ms / instance", "differ from embedded", "note"):
        t.add_column(col)
    for g in timings:
        t.add_row(g.backend, str(g.instances), f"{g.seconds:.2f}", f"{g.per_instance_ms:.1f}", str(g.differ), g.note)
    out_console().print(t)


COMMANDS = [bench]
