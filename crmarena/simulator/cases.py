"""Cases: which order items become cases, their issue, channel, owners, times and event log.

- repeat contacts: ``followup_share`` of first contacts get a second case on the same order item
  within 7 days (the realism report's repeat-contact rate; first-contact resolution follows);
- selection: first contacts are order items drawn without replacement, weight complaint_habit.propensity[customer] x
  product_defect.rate[product] (weighted sampling by exponential keys), among Activated orders
  delivered before today;
- issue ~ product_defect.profile[product]; origin ~ complaint_habit.channel_prefs[customer];
- created: delivery + Gamma delay (cancellations: shortly after the order; where-is-my-order: around
  the promised day), inside business hours;
- routing: first owner ~ agent_workload; each round the owner resolves w.p.
  sigmoid(agent_skill.skill[owner, issue]) or transfers to another agent (~ workload), at most
  ``max_transfers`` times; the last owner resolves;
- handle time ~ LogNormal(handle_log_hours + issue difficulty + channel offset - log_speed[owner]
  + region_speed[state] + transfer offset x transfers, handle_sigma);
- backlog: a case created d days before today still waits on the customer w.p.
  open_share_recent * (1 - d / open_backlog_days);
- a case whose close time is not before today is open (no Case Closed row, events after today
  dropped, owner = the latest assignment before today).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmarena.errors import CrmarenaError
from crmarena.graph_schema.picklists import allowed
from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.config import CHANNELS, data
from crmarena.simulator.draws import DAY, categorical, rowcat, sigmoid

CREATION, ASSIGNMENT, CLOSED = 0, 1, 2
FIELDS = allowed("CaseHistory", "field")


@dataclass
class Cases:
    item: np.ndarray          # (N,) order item
    customer: np.ndarray
    product: np.ndarray
    issue: np.ndarray
    origin: np.ndarray        # index into CHANNELS
    priority: np.ndarray      # 0 Low, 1 Medium, 2 High
    created: np.ndarray       # epoch seconds
    closed: np.ndarray        # epoch seconds, -1 while open
    handle_hours: np.ndarray  # drawn (also for open cases)
    owners: np.ndarray        # (N, R+1) owner per round (repeats once resolved)
    transfers: np.ndarray     # drawn number of transfers
    owner: np.ndarray         # latest owner before today
    status: np.ndarray        # index into STATUSES
    h_case: np.ndarray        # history rows (sorted by case, time)
    h_field: np.ndarray
    h_time: np.ndarray
    h_old: np.ndarray         # -1 = none
    h_new: np.ndarray


STATUSES = allowed("Case", "status")


def select_items(cfg, n, streams, lat, orders, cust_of_item, today_day) -> np.ndarray:
    eligible = ~orders.draft[orders.item_order] & (orders.delivery_day[orders.item_order] < today_day - 1)
    n_ok = int(eligible.sum())
    if n_ok < n:
        raise CrmarenaError(f"only {n_ok} delivered order items for {n} cases: use fewer cases "
                            "or more orders per case")
    w = lat["complaint_habit.propensity"][cust_of_item] * lat["product_defect.rate"][orders.item_product]
    keys = streams("cases.select").exponential(1.0, len(w)) / np.maximum(w, 1e-300)
    keys[~eligible] = np.inf
    return np.sort(np.argpartition(keys, n - 1)[:n])


def first_contacts(cfg, n, streams, lat, orders, today):
    """Items, issues, priorities and creation times of the cases that are not repeat contacts."""
    c, issues = cfg.cases, data("issues")["issues"]
    cust_of_item = orders.customer[orders.item_order]
    item = select_items(cfg, n, streams, lat, orders, cust_of_item, today // DAY)
    customer, product = cust_of_item[item], orders.item_product[item]
    r = streams("cases.issue")
    issue = rowcat(r, lat["product_defect.profile"], product)
    priority = rowcat(r, np.array([i["priority"] for i in issues], float), issue)
    r = streams("cases.created")
    oday = orders.day[orders.item_order[item]]
    dday = orders.delivery_day[orders.item_order[item]]
    name = np.array([i["name"] for i in issues])[issue]
    cancel, wismo = name == "Order Cancellation", name == "Late Delivery"
    # after delivery; a cancellation shortly after the order; where-is-my-order around the promised day
    anchor = np.where(cancel, oday, np.where(wismo, oday + (dday - oday) * r.uniform(0.6, 1.0, n), dday))
    delay = np.where(cancel, r.uniform(0.0, 1.0, n), np.where(
        wismo, r.exponential(0.7, n), r.gamma(c.contact_delay_days["shape"], c.contact_delay_days["scale"], n)))
    lo, hi = c.business_hours
    created = (np.floor(anchor + delay) * DAY + r.uniform(lo * 3600, hi * 3600, n)).astype(np.int64)
    late = created >= today - 3600
    span = np.maximum(today - 3600 - oday * DAY, 3600)
    created = np.where(late, oday * DAY + (r.random(n) * span).astype(np.int64), created)
    return item, customer, product, issue, priority, created


def build_cases(cfg, sizes, streams, lat, orders, cust_state) -> Cases:
    c, today = cfg.cases, epoch_day(cfg.timeline.today) * DAY
    issues = data("issues")["issues"]
    N, A, R = sizes.cases, sizes.agents, cfg.sizes.max_transfers
    # repeat contacts: a share of first contacts is followed by another case on the same item within 7 days
    n_first = max(1, int(round(N / (1 + c.followup_share))))
    item, customer, product, issue, priority, created = first_contacts(cfg, n_first, streams, lat, orders, today)
    r = streams("cases.repeat")
    can = np.flatnonzero(created < today - 8 * DAY)
    src = np.sort(r.choice(can, size=min(N - n_first, len(can)), replace=False))
    if n_first + len(src) < N:
        raise CrmarenaError(f"too few cases ({N}) for this timeline")
    item, customer, product, issue, priority = (np.concatenate([x, x[src]]) for x in
                                                (item, customer, product, issue, priority))
    created = np.concatenate([created, created[src] + r.integers(3600, 7 * DAY, len(src))])
    origin = rowcat(streams("cases.origin"), lat["complaint_habit.channel_prefs"], customer)
    order = np.argsort(created, kind="stable")      # case ids rise with creation time
    item, customer, product, issue, priority, origin, created = (
        x[order] for x in (item, customer, product, issue, priority, origin, created))
    # routing and transfers
    r = streams("cases.routing")
    wl = np.cumsum(lat["agent_workload.weight"])
    pick = lambda n: np.minimum(np.searchsorted(wl / wl[-1], r.random(n), side="right"), A - 1)  # noqa: E731
    owners = np.empty((N, R + 1), np.int64)
    owners[:, 0] = pick(N)
    done = np.zeros(N, bool)
    skill = lat["agent_skill.skill"]
    for k in range(R):
        done |= r.random(N) < sigmoid(skill[owners[:, k], issue])
        nxt = pick(N)
        nxt = np.where(nxt == owners[:, k], (nxt + 1) % A, nxt)
        owners[:, k + 1] = np.where(done, owners[:, k], nxt)
    transfers = (owners[:, 1:] != owners[:, :-1]).sum(1)
    final = owners[:, -1]
    # handle time
    r = streams("cases.handle")
    diff = np.array([i["difficulty"] for i in issues])
    chan = np.array([c.channel_log_offset[ch] for ch in CHANNELS])
    mu = (c.handle_log_hours + diff[issue] + chan[origin] - lat["agent_skill.log_speed"][final]
          + lat["region_speed.log_offset"][cust_state[customer]] + c.transfer_log_offset * transfers)
    hours = r.lognormal(mu, c.handle_sigma)
    closed = created + np.maximum((hours * 3600).astype(np.int64), 120)
    # backlog: recent cases may still wait on the customer (a return in transit, photos) at "today"
    age = (today - created) / DAY
    waiting = r.random(N) < c.open_share_recent * np.clip(1 - age / c.open_backlog_days, 0, 1)
    closed = np.where(waiting, np.maximum(closed, today + DAY), closed)
    return _history(item, customer, product, issue, origin, priority, created, closed, hours, owners,
                    transfers, today, r)


def _history(item, customer, product, issue, origin, priority, created, closed, hours, owners, transfers,
             today, r) -> Cases:
    """Event log rows: Creation, first Owner Assignment, one per transfer, Closed; none after today."""
    N, R1 = owners.shape
    span = closed - created
    first_at = created + np.minimum(r.integers(30, 600, N), span // 10)
    changed = owners[:, 1:] != owners[:, :-1]                      # (N, R): a transfer in round k
    rank = np.cumsum(changed, axis=1)                              # k-th transfer of the case
    frac = (rank - 0.5 + 0.4 * r.random(changed.shape)) / (transfers[:, None] + 1)
    t_at = created[:, None] + (0.1 + 0.8 * frac) * span[:, None]
    t_at = t_at.astype(np.int64)
    # rows: creation, first assignment, transfers, closed (masked by time < today)
    n_rows = 3 + R1 - 1
    case = np.repeat(np.arange(N), n_rows).reshape(N, n_rows)
    time = np.concatenate([created[:, None], first_at[:, None], t_at, closed[:, None]], axis=1)
    field = np.concatenate([np.full((N, 1), CREATION), np.full((N, 1 + R1 - 1), ASSIGNMENT),
                            np.full((N, 1), CLOSED)], axis=1)
    new = np.concatenate([np.full((N, 1), -1), owners[:, :1], owners[:, 1:], np.full((N, 1), -1)], axis=1)
    old = np.concatenate([np.full((N, 2), -1), owners[:, :-1], np.full((N, 1), -1)], axis=1)
    keep = np.concatenate([np.ones((N, 2), bool), changed, np.ones((N, 1), bool)], axis=1) & (time < today)
    keep[:, 1] = True                                              # the first assignment is immediate
    is_closed = closed < today
    h_case, h_field, h_time, h_old, h_new = (x[keep] for x in (case, field, time, old, new))
    # latest owner before today: the last kept assignment of each case
    assign = h_field == ASSIGNMENT
    last = np.zeros(N, np.int64)
    last[h_case[assign]] = h_new[assign]                           # rows are case-major, time-ascending
    n_kept = np.bincount(h_case[assign & (h_old >= 0)], minlength=N)
    status = np.where(is_closed, 3, np.where(n_kept > 0, 2, np.where(today - created < 2 * 3600, 0, 1)))
    return Cases(item, customer, product, issue, origin, priority, created, np.where(is_closed, closed, -1),
                 hours, owners, transfers, last, status, h_case, h_field, h_time, h_old, h_new)


def owner_at(cases: Cases, case: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The owner of ``case`` at time ``t`` (the latest Owner Assignment at or before t)."""
    a = cases.h_field == ASSIGNMENT
    key = cases.h_case[a] * (1 << 34) + cases.h_time[a]
    pos = np.searchsorted(key, case * (1 << 34) + t, side="right") - 1
    first = np.searchsorted(key, case * (1 << 34), side="left")
    return cases.h_new[a][np.maximum(pos, first)]


_ = categorical
