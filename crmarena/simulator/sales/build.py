"""The sales step of the forward pass: the world (reps, territories, accounts; once) -> per block:
leads -> deals -> activities -> 9 of the 11 tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.sales.activities import Activities, build_activities
from crmarena.simulator.sales.deals import Deals, build_deals
from crmarena.simulator.sales.leads import Leads, build_leads
from crmarena.simulator.sales.tables import sales_tables, territory_tables
from crmarena.simulator.sales.world import SalesWorld, build_world
from crmarena.simulator.config import data
from crmarena.simulator.text import strings, take


@dataclass
class Sales:
    leads: Leads
    deals: Deals
    activities: Activities


@dataclass
class SalesShared:
    """The sales pieces every block reads: the reps' world and the accounts' names and companies."""
    world: SalesWorld
    acc_names: pa.Array
    acc_company: np.ndarray


def sales_shared(sizes, streams, lat, a, pools, people, companies, acc_of) -> SalesShared:
    """The reps, territories and accounts (drawn once, before any block), and their two tables."""
    if companies is not None:
        acc_state, acc_segment, acc_company = companies.state, companies.segment, companies.name
        acc_names = pools.companies.names(companies.name)
    else:       # b2c: person accounts, all of the Small segment
        acc_state, acc_segment = people.cust_state, np.zeros(sizes.accounts, np.int64)
        acc_company = np.zeros(0, np.int64)
        acc_names = pc.binary_join_element_wise(take(strings(pools.first), people.cust_first),
                                                take(strings(pools.last), people.cust_last), " ")
    world = build_world(sizes, streams, lat, acc_of, acc_state, acc_segment)
    territory_tables(a, world)
    return SalesShared(world, acc_names, acc_company)


def build_sales(cfg, sizes, streams, lat, a, cat, pools, pname, shared: SalesShared) -> Sales:
    """One block's leads, deals and activities (``sizes``: the block's leads and opportunities) and
    their tables."""
    world = shared.world
    leads = build_leads(cfg, sizes, streams, lat, world, len(pools.first), len(pools.last),
                        len(data("sales")["companies"]["titles"]), len(pools.companies), shared.acc_company)
    deals = build_deals(cfg, sizes, streams, lat, world, cat)
    names = (take(strings(pools.first), leads.first), take(strings(pools.last), leads.last), shared.acc_names)
    acts = build_activities(cfg, streams, leads, deals, names)
    sales_tables(a, cfg, world, leads, deals, acts, pools, cat, pname, shared.acc_names)
    return Sales(leads, deals, acts)


def shared_latent_tables(a, lat, shared: SalesShared) -> dict[str, pa.Table]:
    """The true latents of reps and accounts beside the org (never loaded into the graph)."""
    w = shared.world
    return {
        "reps": pa.table({"userId": a.ref("User", w.rep_user), "territory": pa.array(w.rep_territory),
                          "winLogit": lat["rep_skill.win_logit"], "logVelocity": lat["rep_skill.log_velocity"],
                          "discountDepth": lat["discount_habit.depth"], "breachRate": lat["discount_habit.breach_rate"],
                          "coverage": lat["territory_coverage.weight"]}),
        "accounts": pa.table({"accountId": a.ref("Account", np.arange(len(w.acc_state))),
                              "logSize": lat["account_potential.log_size"], "repeat": lat["account_potential.repeat"]}),
    }


def sales_latent_tables(a, lat, sales: Sales) -> dict[str, pa.Table]:
    """One block's true lead, quote and opportunity latents (``lat``: the block's)."""
    d = sales.deals
    mat = lambda x: pa.FixedSizeListArray.from_arrays(pa.array(np.ascontiguousarray(x, float).ravel()), x.shape[1])  # noqa: E731
    return {
        "leads": pa.table({"leadId": a.ref("Lead", np.arange(len(sales.leads.created))),
                           "quality": lat["lead_quality.quality"], "bantMet": mat(sales.leads.met.astype(float))}),
        "quotes": pa.table({"quoteId": a.ref("Quote", np.arange(len(d.q_opp))), "breach": pa.array(d.q_breach),
                            "invalidRule": pa.array(d.q_invalid)}),
        "opportunities": pa.table({"opportunityId": a.ref("Opportunity", np.arange(len(d.account))),
                                   "trueStage": pa.array(d.true_stage), "reason": pa.array(d.reason)}),
    }
