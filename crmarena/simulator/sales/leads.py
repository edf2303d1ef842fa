"""Leads: who they are, where, which BANT factors they meet (lead_quality), whether they converted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.draws import DAY, categorical, sigmoid
from crmarena.simulator.latents import lead_quality
from crmarena.simulator.people import state_weights

OPEN, WORKING, CONVERTED, NOT_CONVERTED = range(4)   # Lead.status, in the schema's order


@dataclass
class Leads:
    created: np.ndarray        # (L,) epoch seconds
    state: np.ndarray          # (L,) state index
    rep: np.ndarray            # (L,) owning rep
    met: np.ndarray            # (L, 4) bool: Budget, Authority, Need, Timeline
    status: np.ndarray         # (L,) OPEN .. NOT_CONVERTED
    converted_day: np.ndarray  # (L,) epoch day, -1 unless converted
    account: np.ndarray        # (L,) converted account, -1 unless converted
    contact: np.ndarray        # (L,) converted contact, -1 unless converted
    first: np.ndarray          # name pool indices
    last: np.ndarray
    title: np.ndarray          # index into sales.yaml titles
    company: np.ndarray        # index into the company-name pool (b2b: the account's when converted)
    phone: np.ndarray


def business_times(rng, start_day: int, stop_day: int, n: int) -> np.ndarray:
    """``n`` epoch-second times on days in [start_day, stop_day), between 08:00 and 18:00 UTC."""
    day = rng.integers(start_day, stop_day, n)
    return day * DAY + rng.integers(8 * 3600, 18 * 3600, n)


def build_leads(cfg, sizes, streams, lat, world, n_first: int, n_last: int, n_titles: int,
                n_companies: int, acc_company: np.ndarray) -> Leads:
    s, L = cfg.sales, sizes.leads
    rng = streams("sales.leads")
    start, today = epoch_day(cfg.timeline.start), epoch_day(cfg.timeline.today)
    created = np.sort(business_times(rng, start, today, L))
    state = categorical(rng, state_weights(), L)
    rep = world.pick_rep(streams("sales.leads.owner"), world.state_territory[state])
    met = streams("sales.leads.bant").random((L, 4)) < sigmoid(lead_quality.factor_logit(cfg, lat["lead_quality.quality"]))
    age = today - created // DAY
    r = streams("sales.leads.outcome")
    p_conv = sigmoid(s.conversion_logit + s.conversion_per_factor * met.sum(1))
    u, v = r.random(L), r.random(L)
    status = np.where(age < 3, OPEN, np.where(age <= 30, np.where(v < 0.3, OPEN, WORKING),
                                              np.where(u < p_conv, CONVERTED, np.where(v < 0.7, NOT_CONVERTED, WORKING))))
    conv = status == CONVERTED
    lag = r.integers(5, 31, L)
    converted_day = np.where(conv, np.minimum(created // DAY + lag, today - 1), -1)
    # a converted lead became an account of its own territory (the nearest a lead gets to a customer)
    account = np.full(L, -1, np.int64)
    terr_of_acc = world.state_territory[world.acc_state]
    rc = streams("sales.leads.conversion")
    for t in np.unique(world.state_territory[state[conv]]):
        rows = np.flatnonzero(conv & (world.state_territory[state] == t))
        pool = np.flatnonzero(terr_of_acc == t)
        pool = pool if len(pool) else np.arange(len(world.acc_state))
        account[rows] = pool[rc.integers(0, len(pool), len(rows))]
    contact = np.full(L, -1, np.int64)
    if conv.any():
        contact[conv] = world.contact_of(rc, account[conv])
    rp = streams("sales.leads.people")
    company = rp.integers(0, n_companies, L)
    company[conv] = acc_company[account[conv]] if len(acc_company) else company[conv]
    return Leads(created, state, rep, met, status, converted_day, account, contact,
                 rp.integers(0, n_first, L), rp.integers(0, n_last, L), rp.integers(0, n_titles, L), company,
                 rp.integers(2_012_000_000, 9_899_999_999, L))
