"""Activities and calls: tasks and events along each deal's stages, call transcripts with leads
(stating their BANT facts) and on deals (objections; the closing call names the win or loss reason).

The latest task of an open deal is its one open task, of the stage the deal is really in (due on or
after today); every earlier task is completed and dated inside its own stage's share of the cycle.

Every step is vectorised over rows (deal stages, tasks, calls): each draw is one array from the
step's stream, and the texts are joined by Arrow (no per-row Python).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY, categorical, ranks
from crmarena.simulator.sales.deals import N_OPEN, WON
from crmarena.simulator.sales.leads import OPEN
from crmarena.simulator.text import numbers, render, strings, take

NOT_STARTED, IN_PROGRESS, COMPLETED = range(3)      # Task.status
PRIORITY_P = (0.2, 0.6, 0.2)                        # High, Normal, Low
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
EVENT_MINUTES = np.array([30, 60, 90])


@dataclass
class Activities:
    """Task, Event and VoiceCallTranscript rows (-1: no opportunity / lead)."""
    t_subject: pa.Array; t_desc: pa.Array; t_status: np.ndarray; t_priority: np.ndarray  # noqa: E702
    t_day: np.ndarray; t_rep: np.ndarray; t_opp: np.ndarray; t_lead: np.ndarray  # noqa: E702
    e_subject: pa.Array; e_start: np.ndarray; e_minutes: np.ndarray; e_location: pa.Array  # noqa: E702
    e_rep: np.ndarray; e_opp: np.ndarray  # noqa: E702
    v_body: pa.Array; v_time: np.ndarray; v_minutes: np.ndarray; v_lead: np.ndarray; v_opp: np.ndarray  # noqa: E702


def pick_from(rng: np.random.Generator, lists: list[list[str]], which: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """One element drawn uniformly from ``lists[which[i]]`` per row: (the flattened pool, its indices)."""
    sizes = np.array([len(x) for x in lists], np.int64)
    offset = np.r_[0, np.cumsum(sizes)[:-1]]
    idx = offset[which] + (rng.random(len(which)) * sizes[which]).astype(np.int64)
    return strings(x for xs in lists for x in xs), idx


def join(*parts) -> pa.Array:
    """Row-wise concatenation of string arrays and scalars."""
    return pc.binary_join_element_wise(*parts, "")


def build_activities(cfg, streams, leads, deals, names) -> Activities:
    """``names``: (lead first names, lead last names, account names) as string arrays for the texts."""
    today = epoch_day(cfg.timeline.today)
    rt = streams("sales.tasks")
    d_subj, d_desc, d_status, d_day, d_opp = _deal_tasks(cfg, rt, deals, names[2], today)
    l_subj, l_desc, l_status, l_day, l_lead = _lead_tasks(rt, leads, names, today)
    n_deal, n_lead = len(d_opp), len(l_lead)
    t_opp = np.r_[d_opp, np.full(n_lead, -1, np.int64)]
    events = _events(cfg, streams("sales.events"), deals)
    calls = _calls(cfg, streams("sales.calls"), leads, deals, names, today)
    return Activities(pa.concat_arrays([d_subj, l_subj]), pa.concat_arrays([d_desc, l_desc]),
                      np.r_[d_status, l_status], categorical(rt, np.array(PRIORITY_P), n_deal + n_lead),
                      np.r_[d_day, l_day], np.r_[deals.rep[d_opp], leads.rep[l_lead]], t_opp,
                      np.r_[np.full(n_deal, -1, np.int64), l_lead], *events, *calls)


def _deal_tasks(cfg, rt, deals, account_names, today):
    """Tasks of every stage a deal reached: 1 + Poisson(tasks_per_stage - 1) each, days inside the stage."""
    stages = data("sales")["stages"]
    reached = deals.reached.astype(np.int64)
    ds = np.repeat(np.arange(len(reached)), reached + 1)           # one row per (deal, stage reached)
    st = ranks(ds)
    c0, cyc = (deals.created // DAY)[ds], deals.cycle_days[ds]
    lo = c0 + cyc * st // N_OPEN
    hi = c0 + cyc * (st + 1) // N_OPEN
    current = (deals.true_stage[ds] < N_OPEN) & (st == reached[ds])
    hi = np.maximum(np.where(current, hi, np.minimum(hi, today)), lo + 1)   # a past stage ends before today
    n = 1 + rt.poisson(cfg.sales.tasks_per_stage - 1, len(ds))
    row = np.repeat(np.arange(len(ds)), n)
    day = lo[row] + (rt.random(len(row)) * (hi - lo)[row]).astype(np.int64)
    day = day[np.lexsort((day, row))]                              # ascending inside each stage
    last = current[row] & (ranks(row) == n[row] - 1)               # the deal's one open task: due from today on
    pool, subj = pick_from(rt, [s["subjects"] for s in stages[:N_OPEN]], st[row])
    due, open_status = today + rt.integers(0, 21, len(row)), rt.integers(NOT_STARTED, COMPLETED, len(row))
    subject = take(pool, subj)
    opp = ds[row]
    desc = join(subject, " for ", take(account_names, deals.account[opp]), ".")
    return (subject, desc, np.where(last, open_status, COMPLETED), np.where(last, due, np.minimum(day, today - 1)), opp)


def _lead_tasks(rt, leads, names, today):
    i = np.flatnonzero(leads.status != OPEN)
    d = leads.created[i] // DAY + rt.integers(1, 6, len(i))
    pool, idx = pick_from(rt, [data("sales")["lead_subjects"]], np.zeros(len(i), np.int64))
    subject = take(pool, idx)
    desc = join(subject, ": ", take(names[0], i), " ", take(names[1], i), ".")
    return subject, desc, np.where(d < today, COMPLETED, NOT_STARTED), np.minimum(d, today + 7), i


def _events(cfg, re_, deals):
    sd = data("sales")
    o = np.flatnonzero(re_.random(len(deals.account)) < cfg.sales.event_share)
    start = deals.created[o] + re_.integers(1, np.maximum(2, deals.cycle_days[o])) * DAY
    zero = np.zeros(len(o), np.int64)
    subj_pool, subj = pick_from(re_, [sd["event_subjects"]], zero)
    minutes = EVENT_MINUTES[re_.integers(0, len(EVENT_MINUTES), len(o))]
    loc_pool, loc = pick_from(re_, [sd["event_locations"]], zero)
    return take(subj_pool, subj), start - start % 3600, minutes, take(loc_pool, loc), deals.rep[o], o


def _fact_lines(rv, spec, met: np.ndarray) -> pa.Array:
    """``Lead: <line>`` per row: one of the factor's met or unmet lines, its {n} or {month} filled in."""
    lines = list(spec["unmet"]) + list(spec["met"])
    k = len(spec["unmet"])
    choice = np.where(met, k + (rv.random(len(met)) * len(spec["met"])).astype(np.int64),
                      (rv.random(len(met)) * k).astype(np.int64))
    fields = {"n": numbers(rv.integers(15, 250, len(met))), "month": take(strings(MONTHS), rv.integers(0, 12, len(met)))}
    return join("Lead: ", render(lines, choice, fields))


def _calls(cfg, rv, leads, deals, names, today):
    sd = data("sales")
    i = np.flatnonzero((leads.status != OPEN) & (rv.random(len(leads.status)) < cfg.sales.lead_call_share))
    facts = pa.concat_arrays([_fact_lines(rv, spec, leads.met[i, f]) for f, spec in enumerate(sd["bant"])])
    order = np.argsort(rv.random((len(i), len(sd["bant"]))), axis=1)  # the facts in a random order per call
    told = [take(facts, order[:, k] * len(i) + np.arange(len(i))) for k in range(order.shape[1])]
    obj_pool, obj = pick_from(rv, [sd["objections"]], np.zeros(len(i), np.int64))
    lead_body = pc.binary_join_element_wise(
        join("Rep: Thanks for taking my call, ", take(names[0], i), ". What are you looking for?"), *told,
        join("Lead: ", take(obj_pool, obj)), "Rep: I'll follow up by email.", "\n")
    lead_time = leads.created[i] + rv.integers(1, 4, len(i)) * DAY
    lead_minutes = rv.integers(6, 40, len(i))
    # deal calls: every closed deal (its reason), half of the open ones
    closed_all = deals.reason >= 0
    o = np.flatnonzero(closed_all | (rv.random(len(closed_all)) >= 0.5))
    closed, won = closed_all[o], deals.true_stage[o] == WON
    obj_pool, obj = pick_from(rv, [sd["objections"]], np.zeros(len(o), np.int64))
    reasons = [r["lines"] for r in sd["loss_reasons"]] + [r["lines"] for r in sd["win_reasons"]]
    which = np.where(won, len(sd["loss_reasons"]), 0) + np.maximum(deals.reason[o], 0)
    reason_pool, reason = pick_from(rv, reasons, which)
    last = pc.if_else(pa.array(closed), join("Contact: ", take(reason_pool, reason)),
                      "Rep: Understood, let me check and come back to you.")
    deal_body = pc.binary_join_element_wise(
        join("Rep: Hello, this is about the ", take(names[2], deals.account[o]), " proposal."),
        join("Contact: ", take(obj_pool, obj)), last, "\n")
    deal_time = np.where(closed, deals.close_day[o] * DAY + rv.integers(9, 17, len(o)) * 3600,
                         np.minimum(deals.created[o] + rv.integers(1, 10, len(o)) * DAY, (today - 1) * DAY + 15 * 3600))
    deal_minutes = rv.integers(5, 30, len(o))
    none = lambda n: np.full(n, -1, np.int64)  # noqa: E731
    return (pa.concat_arrays([lead_body, deal_body]), np.r_[lead_time, deal_time], np.r_[lead_minutes, deal_minutes],
            np.r_[i, none(len(o))], np.r_[none(len(i)), o])
