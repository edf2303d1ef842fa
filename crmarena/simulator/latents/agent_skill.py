"""agent_skill (per agent): competence per issue and working speed.

- ``general`` (A) ~ Normal(mean_logit, agent_sd): the agent's overall skill (logit scale).
- ``skill`` (A x I) = general + Normal(0, issue_sd): logit of resolving a case of that issue without
  handing it on; each round an owner resolves w.p. sigmoid(skill[owner, issue]) or transfers it.
- ``log_speed`` (A) = speed_skill_coupling * (general - mean_logit) + Normal(0, speed_sd): the case's
  handle time is divided by exp(log_speed) of its final owner (skilled agents are also faster).

Signature: agents' transfer rates vary beyond one shared rate; agents who transfer less close
faster (negative rank correlation of transfer rate and mean handle time).
Ablation: every agent resolves with the population's mean probability E[sigmoid(skill)] on every
issue (so the overall transfer rate stays comparable) and has log speed 0.
"""

from __future__ import annotations

import numpy as np

from crmarena.simulator.latents._pm import constant

NAME = "agent_skill"
UNIT = "agent"
PARAMS = ("mean_logit", "agent_sd", "issue_sd", "speed_skill_coupling", "speed_sd")
SIGNED = ("mean_logit", "speed_skill_coupling")
SIGNATURE = "transfer-rate overdispersion; rank correlation of transfer rate and handle time > 0"
ABLATION = "population mean resolve probability on every issue, log speed 0"


def population_logit(p: dict) -> float:
    """logit(E[sigmoid(X)]), X ~ Normal(mean_logit, sqrt(agent_sd^2 + issue_sd^2)) (Gauss-Hermite)."""
    x, w = np.polynomial.hermite_e.hermegauss(64)
    sd = float(np.hypot(p["agent_sd"], p["issue_sd"]))
    m = float((w * (1 / (1 + np.exp(-(p["mean_logit"] + sd * x))))).sum() / w.sum())
    return float(np.log(m / (1 - m)))


def build(cfg, sizes, ablated: bool) -> list[str]:
    import pymc as pm

    p, A, NI = cfg.latent(NAME), sizes.agents, sizes.issues
    if ablated:
        constant(f"{NAME}.general", population_logit(p), (A,))
        constant(f"{NAME}.skill", population_logit(p), (A, NI))
        constant(f"{NAME}.log_speed", 0.0, (A,))
    else:
        general = pm.Normal(f"{NAME}.general", mu=p["mean_logit"], sigma=p["agent_sd"], shape=A)
        per_issue = pm.Normal(f"{NAME}.issue_offset", mu=0.0, sigma=p["issue_sd"], shape=(A, NI))
        pm.Deterministic(f"{NAME}.skill", general[:, None] + per_issue)
        own = pm.Normal(f"{NAME}.speed_noise", mu=0.0, sigma=p["speed_sd"], shape=A)
        pm.Deterministic(f"{NAME}.log_speed", p["speed_skill_coupling"] * (general - p["mean_logit"]) + own)
    return [f"{NAME}.general", f"{NAME}.skill", f"{NAME}.log_speed"]


def draw_numpy(cfg, sizes, g, ablated: bool) -> dict[str, np.ndarray]:
    p, A, NI = cfg.latent(NAME), sizes.agents, sizes.issues
    if ablated:
        return {f"{NAME}.skill": np.full((A, NI), population_logit(p)), f"{NAME}.log_speed": np.zeros(A)}
    general = g(f"{NAME}.general").normal(p["mean_logit"], p["agent_sd"], A)
    skill = general[:, None] + g(f"{NAME}.issue_offset").normal(0, p["issue_sd"], (A, NI))
    log_speed = p["speed_skill_coupling"] * (general - p["mean_logit"]) + \
        g(f"{NAME}.speed_noise").normal(0, p["speed_sd"], A)
    return {f"{NAME}.skill": skill, f"{NAME}.log_speed": log_speed}
