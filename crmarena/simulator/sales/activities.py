"""Activities and calls: tasks and events along each deal's stages, call transcripts with leads
(stating their BANT facts) and on deals (objections; the closing call names the win or loss reason).

The latest task of an open deal is its one open task, of the stage the deal is really in (due on or
after today); every earlier task is completed and dated inside its own stage's share of the cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY, categorical_one, cumulative
from crmarena.simulator.sales.deals import N_OPEN, WON
from crmarena.simulator.sales.leads import OPEN

NOT_STARTED, IN_PROGRESS, COMPLETED = range(3)      # Task.status
PRIORITY_P = (0.2, 0.6, 0.2)                        # High, Normal, Low
PRIORITY_CDF = cumulative(PRIORITY_P)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass
class Activities:
    t_subject: list[str] = field(default_factory=list); t_desc: list[str] = field(default_factory=list)  # noqa: E702
    t_status: list[int] = field(default_factory=list); t_priority: list[int] = field(default_factory=list)  # noqa: E702
    t_day: list[int] = field(default_factory=list); t_rep: list[int] = field(default_factory=list)  # noqa: E702
    t_opp: list[int] = field(default_factory=list); t_lead: list[int] = field(default_factory=list)  # noqa: E702
    e_subject: list[str] = field(default_factory=list); e_start: list[int] = field(default_factory=list)  # noqa: E702
    e_minutes: list[int] = field(default_factory=list); e_location: list[str] = field(default_factory=list)  # noqa: E702
    e_rep: list[int] = field(default_factory=list); e_opp: list[int] = field(default_factory=list)  # noqa: E702
    v_body: list[str] = field(default_factory=list); v_time: list[int] = field(default_factory=list)  # noqa: E702
    v_minutes: list[int] = field(default_factory=list)
    v_lead: list[int] = field(default_factory=list); v_opp: list[int] = field(default_factory=list)  # noqa: E702


def _task(a: Activities, subject, desc, status, priority, day, rep, opp=-1, lead=-1) -> None:
    a.t_subject.append(subject), a.t_desc.append(desc), a.t_status.append(status), a.t_priority.append(priority)
    a.t_day.append(day), a.t_rep.append(rep), a.t_opp.append(opp), a.t_lead.append(lead)


def build_activities(cfg, streams, leads, deals, names) -> Activities:
    """``names``: (lead first names, lead last names, account names) as Python lists for the texts."""
    s, sd = cfg.sales, data("sales")
    today = epoch_day(cfg.timeline.today)
    stages = sd["stages"]
    a = Activities()
    rt = streams("sales.tasks")
    # Python scalars for the per-deal loop (the same values as the arrays' elements, read faster)
    created, cycles, reached_ = (deals.created // DAY).tolist(), deals.cycle_days.tolist(), deals.reached.tolist()
    open_ = (deals.true_stage < N_OPEN).tolist()
    reps, accounts = deals.rep.tolist(), deals.account.tolist()
    for o in range(len(accounts)):
        c0, cyc, reached = int(created[o]), int(cycles[o]), int(reached_[o])
        is_open, rep, account_name = open_[o], int(reps[o]), names[2][accounts[o]]
        for st in range(reached + 1):
            subjects = stages[st]["subjects"]
            lo, hi = c0 + cyc * st // N_OPEN, max(c0 + cyc * (st + 1) // N_OPEN, c0 + cyc * st // N_OPEN + 1)
            current = is_open and st == reached
            hi = min(hi, today) if not current else hi
            n = 1 + int(rt.poisson(s.tasks_per_stage - 1))
            days = sorted(rt.integers(lo, max(hi, lo + 1), n).tolist())
            for j, d in enumerate(days):
                subj = subjects[int(rt.integers(0, len(subjects)))]
                last = current and j == n - 1
                if last:    # the deal's one open task: due from today on
                    d, status = today + int(rt.integers(0, 21)), int(rt.integers(NOT_STARTED, COMPLETED))
                else:
                    d, status = min(int(d), today - 1), COMPLETED
                _task(a, subj, f"{subj} for {account_name}.", status, categorical_one(rt, PRIORITY_CDF), d, rep, opp=o)
    for i in np.flatnonzero(leads.status != OPEN):
        d = int(leads.created[i] // DAY) + int(rt.integers(1, 6))
        status = COMPLETED if d < today else NOT_STARTED
        subj = sd["lead_subjects"][int(rt.integers(0, len(sd["lead_subjects"])))]
        _task(a, subj, f"{subj}: {names[0][i]} {names[1][i]}.", status, categorical_one(rt, PRIORITY_CDF),
              min(d, today + 7), int(leads.rep[i]), lead=int(i))
    re_ = streams("sales.events")
    for o in np.flatnonzero(re_.random(len(deals.account)) < s.event_share):
        start = int(deals.created[o]) + int(re_.integers(1, max(2, int(deals.cycle_days[o])))) * DAY
        a.e_subject.append(sd["event_subjects"][int(re_.integers(0, len(sd["event_subjects"])))])
        a.e_start.append(start - start % 3600), a.e_minutes.append(int(re_.choice([30, 60, 90])))
        a.e_location.append(sd["event_locations"][int(re_.integers(0, len(sd["event_locations"])))])
        a.e_rep.append(int(deals.rep[o])), a.e_opp.append(int(o))
    _calls(a, cfg, streams, leads, deals, names, today)
    return a


def _calls(a, cfg, streams, leads, deals, names, today) -> None:
    sd = data("sales")
    rv = streams("sales.calls")
    pick = lambda xs: xs[int(rv.integers(0, len(xs)))]  # noqa: E731
    for i in np.flatnonzero((leads.status != OPEN) & (rv.random(len(leads.status)) < cfg.sales.lead_call_share)):
        lines = [f"Rep: Thanks for taking my call, {names[0][i]}. What are you looking for?"]
        facts = []
        for f, spec in enumerate(sd["bant"]):
            line = pick(spec["met"] if leads.met[i, f] else spec["unmet"])
            facts.append("Lead: " + line.format(n=int(rv.integers(15, 250)), month=pick(MONTHS)))
        order = rv.permutation(len(facts))
        lines += [facts[k] for k in order] + ["Lead: " + pick(sd["objections"]), "Rep: I'll follow up by email."]
        t = int(leads.created[i]) + int(rv.integers(1, 4)) * DAY
        a.v_body.append("\n".join(lines)), a.v_time.append(t), a.v_minutes.append(int(rv.integers(6, 40)))
        a.v_lead.append(int(i)), a.v_opp.append(-1)
    win_r, loss_r = sd["win_reasons"], sd["loss_reasons"]
    for o in range(len(deals.account)):
        closed = deals.reason[o] >= 0
        if not closed and rv.random() < 0.5:
            continue
        lines = [f"Rep: Hello, this is about the {names[2][deals.account[o]]} proposal."]
        lines.append("Contact: " + pick(sd["objections"]))
        if closed:
            reasons = win_r if deals.true_stage[o] == WON else loss_r
            lines.append("Contact: " + pick(reasons[int(deals.reason[o])]["lines"]))
            t = int(deals.close_day[o]) * DAY + int(rv.integers(9, 17)) * 3600
        else:
            lines.append("Rep: Understood, let me check and come back to you.")
            t = min(int(deals.created[o]) + int(rv.integers(1, 10)) * DAY, (today - 1) * DAY + 15 * 3600)
        a.v_body.append("\n".join(lines)), a.v_time.append(t), a.v_minutes.append(int(rv.integers(5, 30)))
        a.v_lead.append(-1), a.v_opp.append(int(o))
