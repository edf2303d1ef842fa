"""account_potential (per account): deal size and repeat business.

- ``log_size`` (K) ~ Normal(0, size_sd): an account's deals order exp(log_size) times the usual units.
- ``repeat`` (K) ~ Gamma(repeat_shape, repeat_shape): the account's share of the opportunities (mean
  1; a heavy tail of accounts that come back again and again).

Signature: deal sizes cluster by account beyond their segment (between-account variance of log
amount), and opportunities per account are overdispersed.
Ablation: every account orders the usual units and gets opportunities at one shared rate.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant, f64 as _f64

NAME = "account_potential"
UNIT = "account"
PARAMS = ("size_sd", "repeat_shape")
SIGNED = ()
SIGNATURE = "between-account variance of log deal amount; overdispersed opportunities per account"
ABLATION = "log size 0 and repeat weight 1 for every account"


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, K = _f64(cfg.latent(NAME)), sizes.accounts
    if ablated:
        constant(f"{NAME}.log_size", 0.0, (K,))
        constant(f"{NAME}.repeat", 1.0, (K,))
    else:
        pm.Normal(f"{NAME}.log_size", mu=0.0, sigma=p["size_sd"], shape=K)
        pm.Gamma(f"{NAME}.repeat", alpha=p["repeat_shape"], beta=p["repeat_shape"], shape=K)
    return [f"{NAME}.log_size", f"{NAME}.repeat"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, K = cfg.latent(NAME), sizes.accounts
    if ablated:
        return {f"{NAME}.log_size": np.zeros(K), f"{NAME}.repeat": np.ones(K)}
    return {f"{NAME}.log_size": g(f"{NAME}.log_size").normal(0.0, p["size_sd"], K),
            f"{NAME}.repeat": g(f"{NAME}.repeat").gamma(p["repeat_shape"], 1 / p["repeat_shape"], K)}
