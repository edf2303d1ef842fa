"""One simulation run: validate inputs, draw, write atomically, describe it in the manifest."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from crmarena.errors import CrmarenaError


@dataclass
class RunResult:
    path: Path
    counts: dict[str, int]
    phases: dict[str, float] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)


def _import_pymc() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pymc  # noqa: F401


def run(seed: int, cases: int | None, out_dir, *, ratios=None, ablate=(), config_file=None,
        step=lambda name: None, latent_backend: str = "pymc", kind: str = "b2c", partitions: int = 1,
        scheduler: str | None = None, threads: int | None = None) -> RunResult:
    """``partitions`` > 1 or a ``scheduler`` address draws the org's blocks on Dask workers, else
    ``threads`` blocks at once in this process (default ``partitions.default_threads()``); the org is
    the same whatever the partitions and threads (``partitions.py``)."""
    from crmarena.simulator.config import Sizes, load_config
    from crmarena.simulator.latents import check_ablations

    from crmarena.settings import BOUNDS, check_seed

    check_seed(seed)
    if not 1 <= int(partitions) <= BOUNDS.partitions_max:
        raise CrmarenaError(f"--partitions must be from 1 to {BOUNDS.partitions_max}, got {partitions}")
    if threads is not None and not 1 <= int(threads) <= BOUNDS.threads_max:
        raise CrmarenaError(f"--threads must be from 1 to {BOUNDS.threads_max}, got {threads}")
    from crmarena.graph_schema import ORG_KINDS

    if kind not in ORG_KINDS:
        raise CrmarenaError(f"--org-kind must be one of {', '.join(ORG_KINDS)}, got {kind!r}")
    ablate = check_ablations(ablate)
    cfg = load_config(config_file, ratios)
    n = cfg.default_cases if cases is None else int(cases)
    if not 1 <= n <= BOUNDS.cases_max:
        raise CrmarenaError(f"--cases must be from 1 to {BOUNDS.cases_max:,}, got {n:,}")
    out = Path(out_dir) if out_dir is not None else Path("orgs") / f"seed-{seed}"
    sizes = Sizes.of(cfg, n, kind)
    t0 = time.perf_counter()
    importer = threading.Thread(target=_import_pymc, daemon=True)   # PyMC loads while the catalogue is drawn
    if latent_backend == "pymc":
        importer.start()
    from crmarena.simulator.build import generate
    from crmarena.simulator.model import draw_latents, draw_latents_numpy
    from crmarena.simulator.writer import OrgWriter, versions

    def draw(*args):
        if importer.is_alive():
            importer.join()
        return (draw_latents if latent_backend == "pymc" else draw_latents_numpy)(*args)

    from crmarena.simulator.allocator import simulator_pool
    from crmarena.simulator.partitions import dask_runner, default_threads, thread_runner

    writer = OrgWriter(out)
    if partitions > 1 or scheduler:
        run_blocks = dask_runner(partitions, scheduler, writer)
    else:
        run_blocks = thread_runner(default_threads() if threads is None else int(threads), writer)
    try:
        with simulator_pool():
            gen = generate(cfg, sizes, seed, ablate, draw, writer.write, step, kind, run_blocks)
        manifest = {
            "seed": seed, "kind": kind, "cases": n, "ratios": cfg.preset, "ablations": list(ablate),
            "config_hash": cfg.digest(), "config_file": str(config_file) if config_file else None,
            "today": cfg.timeline.today.isoformat(), "start": cfg.timeline.start.isoformat(),
            "counts": gen.counts, "latents": sorted(gen.latents), "versions": versions(),
            "blocks": gen.blocks, "block_cases": cfg.partition.block_cases,
        }
        t1 = time.perf_counter()
        path = writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    gen.phases["parquet (rest)"] = time.perf_counter() - t1
    gen.phases["total"] = time.perf_counter() - t0
    step("parquet")
    return RunResult(path, gen.counts, gen.phases, manifest)
