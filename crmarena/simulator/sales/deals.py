"""Opportunities and what hangs off them: line items, quotes with discounts, contracts.

Per opportunity: an account drawn by its ``account_potential.repeat`` weight, a rep of the account's
territory (``territory_coverage``), a sales cycle LogNormal(log(segment median) - rep log velocity,
sigma) days, a win with sigmoid(rep win logit + segment offset) once the cycle ended before today.
Open deals sit in the stage their elapsed share of the cycle reaches. Quote lines carry the rep's
discounts (``discount_habit``), kept within the segment's policy limit except on breaching quotes;
quote lines follow the configuration rules except on the few quotes drawn to break one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY, sigmoid
from crmarena.simulator.sales.leads import business_times
from crmarena.simulator.sales.world import segments

N_OPEN = 4                     # Qualification, Discovery, Quote, Negotiation; then Closed Won, Closed Lost
WON, LOST = 4, 5
QUOTE_STAGE = 2
Q_DRAFT, Q_REVIEW, Q_APPROVED, Q_REJECTED, Q_ACCEPTED = range(5)   # Quote.status, in the schema's order


@dataclass
class Deals:
    account: np.ndarray; contact: np.ndarray; rep: np.ndarray; created: np.ndarray   # noqa: E702
    cycle_days: np.ndarray; stage: np.ndarray; true_stage: np.ndarray; close_day: np.ndarray  # noqa: E702
    reached: np.ndarray        # last stage index reached (0..3)
    amount: np.ndarray
    reason: np.ndarray         # win/loss reason index (-1 while open)
    # line items
    li_opp: np.ndarray; li_product: np.ndarray; li_quantity: np.ndarray; li_price: np.ndarray  # noqa: E702
    # quotes (one per deal that reached the Quote stage)
    q_opp: np.ndarray; q_created: np.ndarray; q_status: np.ndarray  # noqa: E702
    q_breach: np.ndarray       # a line past the segment's discount limit
    q_invalid: np.ndarray      # index of the configuration rule broken, -1 if none
    # quote lines
    ql_quote: np.ndarray; ql_item: np.ndarray; ql_quantity: np.ndarray; ql_discount: np.ndarray  # noqa: E702
    # contracts (won deals)
    c_opp: np.ndarray; c_start: np.ndarray; c_term: np.ndarray; c_company_signed: np.ndarray  # noqa: E702


def _rules(cat_names: list[str]) -> list[dict]:
    rules = [dict(r) for r in data("sales")["policies"]["configuration"]["rules"]]
    for r in rules:
        r["_cat"] = cat_names.index(r["category"])
        r["_req"] = cat_names.index(r["value"]) if r["kind"] == "requires" else -1
    return rules


def _valid_quantity(q: int, cat: int, rules) -> int:
    for r in rules:
        if r["_cat"] == cat and r["kind"] == "max_quantity":
            q = min(q, int(r["value"]))
        if r["_cat"] == cat and r["kind"] == "pack_size":
            q = max(int(r["value"]), -(-q // int(r["value"])) * int(r["value"]))
    return q


def build_deals(cfg, sizes, streams, lat, world, cat) -> Deals:
    s, O = cfg.sales, sizes.opportunities
    today = epoch_day(cfg.timeline.today)
    start = epoch_day(cfg.timeline.start)
    segs = segments()
    rng = streams("sales.opportunities")
    has_contacts = np.array([len(c) > 0 for c in world.acc_contacts])
    w = np.asarray(lat["account_potential.repeat"], float) * has_contacts
    account = np.minimum(np.searchsorted(np.cumsum(w) / w.sum(), rng.random(O), side="right"), len(w) - 1)
    contact = world.contact_of(rng, account)
    rep = world.pick_rep(streams("sales.opportunities.owner"), world.state_territory[world.acc_state[account]])
    created = np.sort(business_times(rng, start, today - 1, O))
    seg = world.acc_segment[account]
    median = np.array([s.cycle_median_days[x["name"]] for x in segs])[seg]
    rc = streams("sales.opportunities.cycle")
    cycle = np.maximum(7, np.round(np.exp(np.log(median) - lat["rep_skill.log_velocity"][rep]
                                          + rc.normal(0, s.cycle_sigma, O)))).astype(np.int64)
    end_day = created // DAY + cycle
    closed = end_day < today
    offset = np.array([s.segment_win_offset[x["name"]] for x in segs])[seg]
    won = rc.random(O) < sigmoid(lat["rep_skill.win_logit"][rep] + offset)
    elapsed = (today - created // DAY) / cycle
    open_stage = np.minimum((elapsed * N_OPEN).astype(np.int64), N_OPEN - 1)
    lost_reach = np.where(rc.random(O) < s.quote_share_lost, rc.integers(QUOTE_STAGE, N_OPEN, O),
                          rc.integers(0, QUOTE_STAGE, O))
    true_stage = np.where(closed, np.where(won, WON, LOST), open_stage)
    reached = np.where(closed, np.where(won, N_OPEN - 1, lost_reach), open_stage)
    stage = true_stage.copy()
    rw = streams("sales.opportunities.wrong_stage")
    wrong = (~closed) & (rw.random(O) < s.wrong_stage_share)
    shift = rw.integers(1, N_OPEN, O)
    stage[wrong] = (true_stage[wrong] + shift[wrong]) % N_OPEN
    # reasons: losses of small accounts lean on price, of large ones on competitors and features
    win_r, loss_r = data("sales")["win_reasons"], data("sales")["loss_reasons"]
    rr = streams("sales.opportunities.reason")
    loss_w = np.array([[4, 2, 2, 1], [2, 3, 2, 2], [1, 3, 2, 3]], float)[seg]
    loss = (rr.random(O)[:, None] > np.cumsum(loss_w, 1) / loss_w.sum(1, keepdims=True)).sum(1)
    reason = np.where(closed, np.where(won, rr.integers(0, len(win_r), O), np.minimum(loss, len(loss_r) - 1)), -1)

    # line items: distinct products by popularity, quantities by the account's size
    rules = _rules(cat.category_names)
    ri = streams("sales.line_items")
    units = np.array([s.segment_units[x["name"]] for x in segs])[seg]
    size = units * np.exp(lat["account_potential.log_size"][account])
    n_items = 1 + ri.poisson(max(s.items_per_opportunity - 1, 0), O)
    pop = np.asarray(cat.popularity, float) * np.asarray(cat.active)
    cdf = np.cumsum(pop) / pop.sum()
    li_opp, li_product, li_quantity = [], [], []
    req = {r["_cat"]: r["_req"] for r in rules if r["kind"] == "requires"}
    by_cat = {k: np.flatnonzero((cat.product_category == k) & np.asarray(cat.active)) for k in set(req.values())}
    # Python scalars for the per-deal loop (the same values as the arrays' elements, read faster)
    category_of, sizes, counts = np.asarray(cat.product_category).tolist(), size.tolist(), n_items.tolist()
    for o in range(O):
        prods = list(dict.fromkeys(np.minimum(np.searchsorted(cdf, ri.random(counts[o] + 2), side="right"),
                                              len(cdf) - 1).tolist()))[: counts[o]]
        cats = {int(category_of[p]) for p in prods}
        for a, b in req.items():
            if a in cats and b not in cats and len(by_cat[b]):
                prods.append(int(by_cat[b][ri.integers(0, len(by_cat[b]))]))
        for p in prods:
            q = 1 + int(ri.poisson(s.quantity_mean * sizes[o]))
            li_opp.append(o), li_product.append(p), li_quantity.append(_valid_quantity(q, int(category_of[p]), rules))
    li_opp, li_product, li_quantity = (np.array(x, np.int64) for x in (li_opp, li_product, li_quantity))
    li_price = np.asarray(cat.entry_price[0], float)[li_product]
    amount = np.bincount(li_opp, weights=li_quantity * li_price, minlength=O)

    # quotes of the deals that reached the Quote stage
    rq = streams("sales.quotes")
    q_opp = np.flatnonzero(reached >= QUOTE_STAGE)
    q_created = created[q_opp] + (cycle[q_opp] * rq.uniform(0.5, 0.7, len(q_opp)) * DAY).astype(np.int64)
    q_created = np.minimum(q_created, (today - 1) * DAY + 17 * 3600)
    ts = true_stage[q_opp]
    q_status = np.select([ts == WON, ts == LOST, ts == QUOTE_STAGE],
                         [Q_ACCEPTED, Q_REJECTED, np.where(rq.random(len(q_opp)) < 0.5, Q_DRAFT, Q_REVIEW)],
                         np.where(rq.random(len(q_opp)) < 0.5, Q_APPROVED, Q_REVIEW))
    q_rep = rep[q_opp]
    q_breach = rq.random(len(q_opp)) < lat["discount_habit.breach_rate"][q_rep]
    breaks = rq.random(len(q_opp)) < s.invalid_config_share
    pick_rule = rq.random(len(q_opp))
    q_invalid = np.full(len(q_opp), -1, np.int64)
    limits = np.array([data("sales")["policies"]["discount"]["max_line_discount"][x["name"]] for x in segs], float)
    item_start = np.searchsorted(li_opp, np.arange(O + 1))
    ql_quote, ql_item, ql_quantity, ql_discount = [], [], [], []
    rd = streams("sales.quotes.discounts")
    for qi, o in enumerate(q_opp):
        items = list(range(item_start[o], item_start[o + 1]))
        limit = limits[seg[o]]
        depth = lat["discount_habit.depth"][rep[o]]
        disc = np.minimum(np.round(rd.gamma(2.0, depth / 2.0, len(items))), limit)
        if q_breach[qi]:
            disc[rd.integers(0, len(items))] = limit + rd.integers(2, 11)
        qty = li_quantity[items].copy()
        cats = {int(cat.product_category[li_product[i]]) for i in items}
        fits = [j for j, r in enumerate(rules) if r["_cat"] in cats]    # the rules this quote can break
        k = fits[int(pick_rule[qi] * len(fits))] if breaks[qi] and fits else -1
        if k >= 0:
            _break_rule(rules[k], qty, items, li_product, cat, rd)
            q_invalid[qi] = k
        drop = set()
        if k >= 0 and rules[k]["kind"] == "requires":
            drop = {j for j, i in enumerate(items) if cat.product_category[li_product[i]] == rules[k]["_req"]}
        for j, i in enumerate(items):
            if j not in drop:
                ql_quote.append(qi), ql_item.append(i), ql_quantity.append(int(qty[j])), ql_discount.append(float(disc[j]))
    # contracts of won deals: signed on the close day, starting within two weeks
    rk = streams("sales.contracts")
    c_opp = np.flatnonzero(true_stage == WON)
    close_day = np.where(closed, end_day, np.maximum(end_day, today))
    c_start = close_day[c_opp] + rk.integers(1, 15, len(c_opp))
    return Deals(account, contact, rep, created, cycle, stage, true_stage, close_day, reached, amount, reason,
                 li_opp, li_product, li_quantity, li_price, q_opp, q_created, q_status, q_breach, q_invalid,
                 np.array(ql_quote, np.int64), np.array(ql_item, np.int64), np.array(ql_quantity, np.int64),
                 np.array(ql_discount, float), c_opp, c_start, rk.choice([12, 24, 36], len(c_opp)),
                 close_day[c_opp] - rk.integers(0, 4, len(c_opp)))


def _break_rule(rule, qty, items, li_product, cat, rng) -> None:
    """Change the quote's quantities so it breaks ``rule`` (a ``requires`` rule: its companions are dropped)."""
    lines = [j for j, i in enumerate(items) if cat.product_category[li_product[i]] == rule["_cat"]]
    j = lines[int(rng.integers(0, len(lines)))]
    if rule["kind"] == "max_quantity":
        qty[j] = int(rule["value"]) + int(rng.integers(5, 30))
    elif rule["kind"] == "pack_size":
        qty[j] = int(rule["value"]) * int(rng.integers(1, 5)) + int(rng.integers(1, int(rule["value"])))
