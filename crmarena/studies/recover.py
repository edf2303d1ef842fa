"""Fitting back: recover agents' latent skill and speed from an org's observable tables with PyMC,
and compare the posterior intervals with the true latents saved beside the org.

Two sub-models of the simulator's own model (see crmarena/simulator/latents/agent_skill.py):

- resolve skill: every Owner Assignment is one round in which the owner resolves the case or
  transfers it. Per agent, resolved ~ Binomial(rounds, sigmoid(theta_a)), theta_a ~ Normal(mu, tau)
  (hierarchical). Truth: the logit of the agent's mean resolve probability sigmoid(skill[a, issue])
  over the rounds it actually had. Forced rounds (the last owner after ``max_transfers``) and open
  cases are left out.
- speed: log hours of the closed, never-transferred cases ~ Normal(alpha[issue] + beta[channel] -
  s_a, sigma), s_a ~ Normal(0, tau_s). Truth: the agent's log speed, centred (the intercepts absorb
  its mean).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.files import read_frame, read_json_object
from crmarena.graph_schema.picklists import CLOSED, OWNER_ASSIGNMENT


@dataclass(frozen=True)
class Convergence:
    """ArviZ diagnostics over every free parameter of a fit (worst case)."""

    chains: int
    draws: int
    rhat_max: float         # rank-normalised split R-hat; < 1.01 is converged (Vehtari et al. 2021)
    ess_bulk_min: float
    ess_tail_min: float

    @property
    def converged(self) -> bool:
        """Vehtari et al. (2021): R-hat < 1.01 and at least 100 effective draws per chain (bulk and tail)."""
        return self.rhat_max < 1.01 and min(self.ess_bulk_min, self.ess_tail_min) >= 100 * self.chains


@dataclass(frozen=True)
class Recovery:
    parameter: str          # "resolve_logit" or "log_speed"
    agents: int
    coverage: float         # share of agents whose interval holds the truth
    correlation: float      # posterior mean vs truth (Pearson)
    interval: float         # nominal interval mass
    table: pd.DataFrame     # agent, truth, mean, low, high, covered, rhat, ess_bulk
    convergence: Convergence

    def row(self) -> dict:
        return {"latent": f"agent_skill.{self.parameter}", "agents": self.agents, "interval": self.interval,
                "coverage": self.coverage, "correlation": self.correlation, **vars(self.convergence),
                "converged": self.convergence.converged}


def _read(org: Path, name: str, cols=None) -> pd.DataFrame:
    f = org / name
    if not f.exists():
        raise CrmarenaError(f"{org} is not a simulated org folder with latents: {name} is missing")
    return read_frame(f, cols)


def rounds(org: Path, max_transfers: int) -> pd.DataFrame:
    """One row per free owner round: agent, issue row, resolved (0/1)."""
    h = _read(org, "CaseHistory.parquet", ["caseId", "field", "createdDate", "oldOwnerId", "newOwnerId"])
    cases = _read(org, "Case.parquet", ["id", "issueId", "status"]).set_index("id")
    issues = _read(org, "Issue.parquet", ["id"])["id"].tolist()
    a = h[h["field"] == OWNER_ASSIGNMENT].copy()
    a = a[a["caseId"].map(cases["status"]) == CLOSED]
    a["k"] = a.groupby("caseId").cumcount()
    a["resolved"] = (a.groupby("caseId")["k"].transform("max") == a["k"]).astype(int)
    a = a[a["k"] < max_transfers]                        # the owner after the last allowed transfer must resolve
    a["issue"] = a["caseId"].map(cases["issueId"]).map({i: n for n, i in enumerate(issues)})
    return a.rename(columns={"newOwnerId": "agent"})[["agent", "issue", "resolved"]]


def _interval(samples: np.ndarray, mass: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = (1 - mass) / 2, 1 - (1 - mass) / 2
    return np.quantile(samples, lo, axis=0), np.quantile(samples, hi, axis=0)


def _summarise(name, agents, truth, samples, mass, posterior, var: str, free: list[str]) -> Recovery:
    import arviz as az

    low, high = _interval(samples, mass)
    mean = samples.mean(0)
    t = pd.DataFrame({"agent": agents, "truth": truth, "mean": mean, "low": low, "high": high})
    t["covered"] = (t["truth"] >= t["low"]) & (t["truth"] <= t["high"])
    t["rhat"] = az.rhat(posterior[[var]])[var].to_numpy()
    t["ess_bulk"] = az.ess(posterior[[var]], method="bulk")[var].to_numpy()
    worst = lambda ds, f: float(f([float(f(ds[v].to_numpy())) for v in free]))
    conv = Convergence(int(posterior.sizes["chain"]), int(posterior.sizes["draw"]),
                       worst(az.rhat(posterior[free]), np.max), worst(az.ess(posterior[free], method="bulk"), np.min),
                       worst(az.ess(posterior[free], method="tail"), np.min))
    return Recovery(name, len(t), float(t["covered"].mean()), float(np.corrcoef(mean, truth)[0, 1]), mass, t, conv)


def _sample(model, seed: int, draws: int):
    import pymc as pm

    with model:
        idata = pm.sample(draws=draws, tune=draws, chains=2, cores=1, random_seed=seed, progressbar=False,
                          compute_convergence_checks=False)
    return idata.posterior


def recover_skill(org: Path, max_transfers: int, seed: int = 0, draws: int = 400, mass: float = 0.9) -> Recovery:
    import pymc as pm

    r = rounds(org, max_transfers)
    lat = _read(org, "latents/agents.parquet", ["userId", "skill"]).set_index("userId")
    skill = np.stack(lat["skill"].to_numpy())
    p_true = 1 / (1 + np.exp(-skill[lat.index.get_indexer(r["agent"]), r["issue"].to_numpy()]))
    per = r.assign(p=p_true).groupby("agent").agg(n=("resolved", "size"), k=("resolved", "sum"), p=("p", "mean"))
    per = per[per["n"] >= 3]
    with pm.Model() as m:
        mu = pm.Normal("mu", 2.0, 1.5)
        tau = pm.HalfNormal("tau", 1.5)
        z = pm.Normal("z", 0.0, 1.0, shape=len(per))
        theta = pm.Deterministic("theta", mu + tau * z)
        pm.Binomial("resolved", n=per["n"].to_numpy(), p=pm.math.sigmoid(theta), observed=per["k"].to_numpy())
    posterior = _sample(m, seed, draws)
    post = posterior["theta"].to_numpy().reshape(-1, len(per))
    truth = np.log(per["p"] / (1 - per["p"])).to_numpy()
    return _summarise("resolve_logit", per.index.to_numpy(), truth, post, mass, posterior, "theta", ["mu", "tau", "z"])


def recover_speed(org: Path, seed: int = 0, draws: int = 400, mass: float = 0.9) -> Recovery:
    import pymc as pm

    cases = _read(org, "Case.parquet", ["id", "ownerId", "issueId", "origin", "createdDate", "closedDate"]).dropna(
        subset=["closedDate"])
    h = _read(org, "CaseHistory.parquet", ["caseId", "oldOwnerId"])
    cases = cases[~cases["id"].isin(set(h.dropna(subset=["oldOwnerId"])["caseId"]))]
    y = np.log((cases["closedDate"] - cases["createdDate"]).dt.total_seconds().to_numpy() / 3600)
    agent, agents = pd.factorize(cases["ownerId"])
    issue, _ = pd.factorize(cases["issueId"])
    chan, _ = pd.factorize(cases["origin"])
    with pm.Model() as m:
        alpha = pm.Normal("alpha", 2.0, 2.0, shape=int(issue.max()) + 1)
        beta = pm.Normal("beta", 0.0, 1.0, shape=int(chan.max()) + 1)
        tau = pm.HalfNormal("tau", 1.0)
        z = pm.Normal("z", 0.0, 1.0, shape=len(agents))
        s = pm.Deterministic("s", tau * z)
        sigma = pm.HalfNormal("sigma", 2.0)
        pm.Normal("log_hours", alpha[issue] + beta[chan] - s[agent], sigma, observed=y)
    posterior = _sample(m, seed, draws)
    post = posterior["s"].to_numpy().reshape(-1, len(agents))
    lat = _read(org, "latents/agents.parquet", ["userId", "logSpeed"]).set_index("userId")["logSpeed"]
    truth = lat.loc[agents].to_numpy()
    post = post - post.mean(1, keepdims=True)          # compare centred: the intercepts absorb the mean speed
    return _summarise("log_speed", np.asarray(agents), truth - truth.mean(), post, mass, posterior, "s",
                      ["alpha", "beta", "tau", "z", "sigma"])


def check_org(org_dir) -> dict:
    """The manifest of a complete simulated org folder with its agents' latents, else a CrmarenaError."""
    from crmarena.store.org import open_org

    org = open_org(org_dir).path            # every table of the schema readable, before any fitting
    manifest = org / "manifest.json"
    if not manifest.is_file():
        raise CrmarenaError(f"{org} is not a simulated org folder: manifest.json is missing")
    if not (org / "latents" / "agents.parquet").exists():
        raise CrmarenaError(f"{org} is not a simulated org folder with latents: latents/agents.parquet is missing")
    m = read_json_object(manifest, "org manifest")
    if not isinstance(m.get("ablations", []), list):
        raise CrmarenaError(f"org manifest {manifest}: 'ablations' must be a list")
    return m


def recover(org_dir, seed: int = 0, draws: int = 400) -> list[Recovery]:
    org = Path(org_dir)
    m = check_org(org)
    from crmarena.simulator.config import load_config

    if "agent_skill" in m.get("ablations", []):
        raise CrmarenaError(f"{org} was simulated with agent_skill ablated: there is no skill to recover")
    cfg = load_config(m.get("config_file"), m.get("ratios"))
    return [recover_skill(org, cfg.sizes.max_transfers, seed, draws), recover_speed(org, seed, draws)]


def write_tables(results: list[Recovery], out_dir: str | Path) -> tuple[Path, Path]:
    """``recover.csv`` (one row per latent: coverage, correlation, R-hat, ESS) and ``recover-agents.csv``."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise CrmarenaError(f"--out {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    summary, agents = out / "recover.csv", out / "recover-agents.csv"
    pd.DataFrame([r.row() for r in results]).to_csv(summary, index=False)
    pd.concat([r.table.assign(latent=f"agent_skill.{r.parameter}") for r in results]).to_csv(agents, index=False)
    return summary, agents
