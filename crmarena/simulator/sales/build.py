"""The sales step of the forward pass: world -> leads -> deals -> activities -> the 11 tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.sales.activities import Activities, build_activities
from crmarena.simulator.sales.deals import Deals, build_deals
from crmarena.simulator.sales.leads import Leads, build_leads
from crmarena.simulator.sales.tables import sales_tables
from crmarena.simulator.sales.world import SalesWorld, build_world
from crmarena.simulator.config import data
from crmarena.simulator.text import strings, take


@dataclass
class Sales:
    world: SalesWorld
    leads: Leads
    deals: Deals
    activities: Activities


def build_sales(cfg, sizes, streams, lat, a, cat, pools, pname, people, companies, acc_of) -> Sales:
    if companies is not None:
        acc_state, acc_segment, acc_company = companies.state, companies.segment, companies.name
        acc_names = take(strings(pools.companies), companies.name)
    else:       # b2c: person accounts, all of the Small segment
        acc_state, acc_segment = people.cust_state, np.zeros(sizes.accounts, np.int64)
        acc_company = np.zeros(0, np.int64)
        acc_names = pc.binary_join_element_wise(take(strings(pools.first), people.cust_first),
                                                take(strings(pools.last), people.cust_last), " ")
    world = build_world(sizes, streams, lat, acc_of, acc_state, acc_segment)
    leads = build_leads(cfg, sizes, streams, lat, world, len(pools.first), len(pools.last),
                        len(data("sales")["companies"]["titles"]), len(pools.companies), acc_company)
    deals = build_deals(cfg, sizes, streams, lat, world, cat)
    names = (take(strings(pools.first), leads.first), take(strings(pools.last), leads.last), acc_names)
    acts = build_activities(cfg, streams, leads, deals, names)
    sales_tables(a, cfg, world, leads, deals, acts, pools, cat, pname, acc_names)
    return Sales(world, leads, deals, acts)


def sales_latent_tables(a, lat, sales: Sales) -> dict[str, pa.Table]:
    """The true sales latents beside the org (never loaded into the graph)."""
    w, d = sales.world, sales.deals
    mat = lambda x: pa.FixedSizeListArray.from_arrays(pa.array(np.ascontiguousarray(x, float).ravel()), x.shape[1])  # noqa: E731
    return {
        "reps": pa.table({"userId": a.ref("User", w.rep_user), "territory": pa.array(w.rep_territory),
                          "winLogit": lat["rep_skill.win_logit"], "logVelocity": lat["rep_skill.log_velocity"],
                          "discountDepth": lat["discount_habit.depth"], "breachRate": lat["discount_habit.breach_rate"],
                          "coverage": lat["territory_coverage.weight"]}),
        "leads": pa.table({"leadId": a.ref("Lead", np.arange(len(sales.leads.created))),
                           "quality": lat["lead_quality.quality"], "bantMet": mat(sales.leads.met.astype(float))}),
        "accounts": pa.table({"accountId": a.ref("Account", np.arange(len(w.acc_state))),
                              "logSize": lat["account_potential.log_size"], "repeat": lat["account_potential.repeat"]}),
        "quotes": pa.table({"quoteId": a.ref("Quote", np.arange(len(d.q_opp))), "breach": pa.array(d.q_breach),
                            "invalidRule": pa.array(d.q_invalid)}),
        "opportunities": pa.table({"opportunityId": a.ref("Opportunity", np.arange(len(d.account))),
                                   "trueStage": pa.array(d.true_stage), "reason": pa.array(d.reason)}),
    }
