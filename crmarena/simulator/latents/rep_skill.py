"""rep_skill (per sales rep): win propensity and deal velocity.

- ``win_logit`` (R) ~ Normal(mean_logit, rep_sd): logit of winning a closed deal (plus the account
  segment's offset, ``sales.segment_win_offset``).
- ``log_velocity`` (R) = velocity_coupling * (win_logit - mean_logit) + Normal(0, velocity_sd): a deal's
  sales cycle is divided by exp(log_velocity) of its rep (reps who win more also close faster).

Signature: reps' win rates vary beyond one shared rate (overdispersion of wins per rep); reps who win
more have shorter sales cycles (negative rank correlation of win rate and mean cycle length).
Ablation: every rep wins with the population's mean logit and has log velocity 0.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant, f64 as _f64

NAME = "rep_skill"
UNIT = "sales rep"
PARAMS = ("mean_logit", "rep_sd", "velocity_coupling", "velocity_sd")
SIGNED = ("mean_logit", "velocity_coupling")
SIGNATURE = "win-rate overdispersion across reps; rank correlation of win rate and cycle length < 0"
ABLATION = "population mean win logit for every rep, log velocity 0"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, R = _f64(cfg.latent(NAME)), sizes.reps
    if ablated:
        constant(f"{NAME}.win_logit", p["mean_logit"], (R,))
        constant(f"{NAME}.log_velocity", 0.0, (R,))
    else:
        win = pm.Normal(f"{NAME}.win_logit", mu=p["mean_logit"], sigma=p["rep_sd"], shape=R)
        own = pm.Normal(f"{NAME}.velocity_noise", mu=0.0, sigma=p["velocity_sd"], shape=R)
        pm.Deterministic(f"{NAME}.log_velocity", p["velocity_coupling"] * (win - p["mean_logit"]) + own)
    return [f"{NAME}.win_logit", f"{NAME}.log_velocity"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, R = cfg.latent(NAME), sizes.reps
    if ablated:
        return {f"{NAME}.win_logit": np.full(R, float(p["mean_logit"])), f"{NAME}.log_velocity": np.zeros(R)}
    win = g(f"{NAME}.win_logit").normal(p["mean_logit"], p["rep_sd"], R)
    own = g(f"{NAME}.velocity_noise").normal(0.0, p["velocity_sd"], R)
    return {f"{NAME}.win_logit": win, f"{NAME}.log_velocity": p["velocity_coupling"] * (win - p["mean_logit"]) + own}
