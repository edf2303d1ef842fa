"""``crmarena bench simulate``: time per phase, rows/s and peak RSS of the simulator, against a
numpy forward pass of the same distributions measured in the same run.

Both passes run in fresh subprocesses (so each peak RSS is its own): the product (latents drawn
by the compiled PyMC model, imports included) and the reference (the same latent distributions
drawn by numpy, ``draw_latents_numpy``; everything else identical). The orgs go to a temporary
folder and are deleted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crmarena.errors import CrmarenaError

_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from crmarena.simulator.run import run
r = run({seed}, {cases}, {out!r}, ratios={ratios!r}, latent_backend={backend!r}, partitions={partitions})
total = time.perf_counter() - t0
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({{"phases": r.phases, "total": total, "rows": sum(r.counts.values()), "peak_rss_mb": peak / 1024}}))
"""


@dataclass(frozen=True)
class Pass:
    backend: str
    total_s: float
    rows: int
    peak_rss_mb: float
    phases: dict

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.total_s


def simulate_pass(backend: str, cases: int, ratios: str, seed: int, out: Path, partitions: int = 1) -> Pass:
    """One simulation into ``out`` in a fresh process (imports included in its time; peak RSS: its own,
    or its largest Dask worker's when that is larger)."""
    code = _CHILD.format(seed=seed, cases=cases, out=str(out), ratios=ratios, backend=backend, partitions=partitions)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if p.returncode:
        raise CrmarenaError(f"bench pass {backend} failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    return Pass(backend, r["total"], r["rows"], r["peak_rss_mb"], r["phases"])


def run_bench(cases: int, ratios: str = "crmarena", seed: int = 7, log=lambda msg: None) -> tuple[Pass, Pass]:
    """(PyMC pass, numpy reference pass)."""
    with tempfile.TemporaryDirectory(prefix="crmarena-bench-") as tmp:
        log(f"simulating {cases:,} cases ({ratios}) with PyMC latents ...")
        product = simulate_pass("pymc", cases, ratios, seed, Path(tmp) / "pymc")
        log("... and with the numpy reference ...")
        reference = simulate_pass("numpy", cases, ratios, seed, Path(tmp) / "numpy")
    return product, reference
