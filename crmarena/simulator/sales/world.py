"""Who sells where: sales reps, territories and the accounts' segments and states."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.people import state_codes


@dataclass
class SalesWorld:
    rep_user: np.ndarray        # (R,) user row of each rep (sorted)
    rep_territory: np.ndarray   # (R,) territory of each rep
    rep_weight: np.ndarray      # (R,) territory_coverage weight
    state_territory: np.ndarray  # (S,) territory of each state
    acc_state: np.ndarray       # (K,) state of each account
    acc_segment: np.ndarray     # (K,) segment index (sales.yaml companies.segments)
    contact_account: np.ndarray  # (C,) account of each contact
    contact_order: np.ndarray   # (C,) contacts sorted by account (stable)
    contact_bounds: np.ndarray  # (K+1,) account k's contacts: contact_order[bounds[k]:bounds[k + 1]]

    @property
    def contact_counts(self) -> np.ndarray:
        return np.diff(self.contact_bounds)

    def pick_rep(self, rng: np.random.Generator, territory: np.ndarray) -> np.ndarray:
        """A rep of each item's territory, in proportion to the reps' coverage weights."""
        out = np.empty(len(territory), np.int64)
        u = rng.random(len(territory))
        for t in np.unique(territory):
            reps = np.flatnonzero(self.rep_territory == t)
            cdf = np.cumsum(self.rep_weight[reps])
            rows = territory == t
            out[rows] = reps[np.minimum(np.searchsorted(cdf / cdf[-1], u[rows], side="right"), len(reps) - 1)]
        return out

    def contact_of(self, rng: np.random.Generator, account: np.ndarray) -> np.ndarray:
        """A contact of each account (uniformly among its contacts)."""
        account = np.asarray(account, np.int64)
        counts = self.contact_counts[account]
        if len(counts) and counts.min() == 0:
            raise ValueError(f"account {account[counts.argmin()]} has no contact to pick")
        pick = (rng.random(len(account)) * counts).astype(np.int64)
        return self.contact_order[self.contact_bounds[account] + pick].astype(np.int64)


@lru_cache(maxsize=1)
def territory_states() -> tuple[tuple[str, ...], ...]:
    """The states of each territory (every state of states.yaml in exactly one)."""
    terr = tuple(tuple(t["states"]) for t in data("sales")["territories"])
    flat = [s for t in terr for s in t]
    if sorted(flat) != sorted(state_codes()):
        missing = sorted(set(state_codes()) - set(flat)) or sorted({s for s in flat if flat.count(s) > 1})
        raise ValueError(f"sales.yaml territories must cover each state once (check {', '.join(missing)})")
    return terr


def build_world(sizes, streams, lat, contact_account: np.ndarray, acc_state: np.ndarray,
                acc_segment: np.ndarray) -> SalesWorld:
    R, A, T = sizes.reps, sizes.agents, sizes.territories
    rng = streams("sales.reps")
    rep_user = np.sort(rng.permutation(A)[:R])
    rep_territory = rng.permutation(np.arange(R) % T)
    codes = state_codes()
    state_territory = np.empty(len(codes), np.int64)
    for t, states in enumerate(territory_states()):
        for s in states:
            state_territory[codes.index(s)] = t
    order = np.argsort(contact_account, kind="stable")
    bounds = np.searchsorted(contact_account[order], np.arange(sizes.accounts + 1))
    return SalesWorld(rep_user, rep_territory, np.asarray(lat["territory_coverage.weight"], float),
                      state_territory, acc_state, acc_segment, contact_account, order, bounds)


def segments() -> list[dict]:
    return data("sales")["companies"]["segments"]
