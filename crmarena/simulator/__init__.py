"""The simulator: a PyMC latent-variable model of a sporting-goods seller's CRM org (b2c: a retailer's
service org; b2b: a wholesaler selling to companies), drawn forward: the service and the sales side.

Public API: ``simulate_org(seed=..., cases=..., out_dir=...) -> Path`` writes an org folder
(``<Label>.parquet`` per object, ``latents/*.parquet``, ``manifest.json``). See README.md.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["simulate_org", "LATENTS"]

from crmarena.simulator.latents import LATENTS  # noqa: E402  (names only, nothing heavy)


def simulate_org(seed: int, cases: int | None = None, out_dir: str | Path | None = None, *,
                 ratios: str | None = None, ablate=(), config_file: str | Path | None = None,
                 step=lambda name: None, latent_backend: str = "pymc", kind: str = "b2c", partitions: int = 1,
                 scheduler: str | None = None, threads: int | None = None):
    """Simulate and write one org; returns its folder (default ``orgs/seed-<seed>``).

    ``step(name)`` is called after each phase (progress); ``latent_backend`` "numpy" draws the same
    latent distributions without PyMC (the bench's reference only); ``partitions`` > 1 or a Dask
    ``scheduler`` address draws the org's blocks on Dask workers, else ``threads`` blocks at once in
    this process (default: one per core, at most 4); the org is the same either way.
    """
    from crmarena.simulator.run import run

    return run(seed, cases, out_dir, ratios=ratios, ablate=ablate, config_file=config_file, step=step,
               latent_backend=latent_backend, kind=kind, partitions=partitions, scheduler=scheduler,
               threads=threads).path
