"""The latent variables of the org, one module each (see the simulator README for the signatures).

Every module defines ``NAME``, ``UNIT`` (what it is drawn per), ``PARAMS`` (its hyper-parameters in
``defaults.yaml``), ``SIGNATURE`` (what it leaves in the observable tables), ``ABLATION`` (the
population constant that replaces it under ``--ablate``), ``build(cfg, sizes, ablated)``, which
declares its PyMC variables inside the current ``pm.Model`` and returns their names, and
``draw_numpy(cfg, sizes, g, ablated) -> dict[str, np.ndarray]``, the same distributions drawn with
numpy (the bench's reference backend): ``g(name)`` is the numpy Generator of the stream
``latent.<name>``, the one ``draw_latents`` gives the PyMC random variable called ``name`` (a
Dirichlet's Gamma draw is ``<name>_raw``: use ``_pm.dirichlet_numpy``), so both backends draw the
same numbers; it returns the deterministics and whatever the record steps read, by variable name.
"""

from __future__ import annotations

from importlib import import_module

from crmarena.errors import CrmarenaError

SERVICE_LATENTS = ("shopping_habit", "complaint_habit", "agent_skill", "policy_violation",
                   "product_defect", "region_speed", "agent_workload")
SALES_LATENTS = ("rep_skill", "lead_quality", "discount_habit", "account_potential", "territory_coverage")
LATENTS = SERVICE_LATENTS + SALES_LATENTS


def module(name: str):
    if name not in LATENTS:
        raise CrmarenaError(f"unknown latent {name!r} (valid: {', '.join(LATENTS)})")
    return import_module(f"crmarena.simulator.latents.{name}")


def check_ablations(names) -> tuple[str, ...]:
    """Validated, de-duplicated, in the canonical order."""
    bad = [n for n in names if n not in LATENTS]
    if bad:
        raise CrmarenaError(f"unknown latent {bad[0]!r} for --ablate (valid: {', '.join(LATENTS)})")
    return tuple(n for n in LATENTS if n in set(names))


def validate_params(cfg) -> None:
    unknown = sorted(set(cfg.latents) - set(LATENTS))
    if unknown:
        raise CrmarenaError(f"bad simulator config: unknown latent {unknown[0]!r} (valid: {', '.join(LATENTS)})")
    for name in LATENTS:
        mod = module(name)
        got = cfg.latents.get(name, {})
        extra, missing = sorted(set(got) - set(mod.PARAMS)), sorted(set(mod.PARAMS) - set(got))
        if extra or missing:
            what = f"unknown key {extra[0]!r}" if extra else f"missing key {missing[0]!r}"
            raise CrmarenaError(f"bad simulator config at latents.{name}: {what}")
        for k, v in got.items():
            vals = v if isinstance(v, list) else [v]
            if k not in mod.SIGNED and any(x <= 0 for x in vals):
                raise CrmarenaError(f"bad simulator config at latents.{name}.{k}: must be positive")
