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
from crmarena.simulator.draws import DAY, ranks, sigmoid
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


def build_deals(cfg, sizes, streams, lat, world, cat) -> Deals:
    s, O = cfg.sales, sizes.opportunities
    today = epoch_day(cfg.timeline.today)
    start = epoch_day(cfg.timeline.start)
    segs = segments()
    rng = streams("sales.opportunities")
    has_contacts = world.contact_counts > 0
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
    li_opp, li_product = _line_products(ri, n_items, cdf, cat, rules)
    q = 1 + ri.poisson(s.quantity_mean * size[li_opp])
    li_quantity = _valid_quantities(q, np.asarray(cat.product_category)[li_product], rules)
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
    rd = streams("sales.quotes.discounts")
    ql_quote, ql_item, ql_quantity, ql_discount = _quote_lines(
        rd, q_opp, q_breach, breaks, pick_rule, q_invalid, li_opp, li_product, li_quantity, cat, rules,
        limits[seg], lat["discount_habit.depth"][rep])
    # contracts of won deals: signed on the close day, starting within two weeks
    rk = streams("sales.contracts")
    c_opp = np.flatnonzero(true_stage == WON)
    close_day = np.where(closed, end_day, np.maximum(end_day, today))
    c_start = close_day[c_opp] + rk.integers(1, 15, len(c_opp))
    return Deals(account, contact, rep, created, cycle, stage, true_stage, close_day, reached, amount, reason,
                 li_opp, li_product, li_quantity, li_price, q_opp, q_created, q_status, q_breach, q_invalid,
                 ql_quote, ql_item, ql_quantity, ql_discount, c_opp, c_start, rk.choice([12, 24, 36], len(c_opp)),
                 close_day[c_opp] - rk.integers(0, 4, len(c_opp)))


def _line_products(rng, n_items, cdf, cat, rules) -> tuple[np.ndarray, np.ndarray]:
    """(deal, product) of every line item: ``n_items`` distinct products drawn by popularity (from
    ``n_items + 2`` draws), then a companion for each ``requires`` rule whose category is there alone."""
    O, P = len(n_items), len(cdf)
    deal = np.repeat(np.arange(O), n_items + 2)
    prod = np.minimum(np.searchsorted(cdf, rng.random(len(deal)), side="right"), P - 1)
    _, first = np.unique(deal * P + prod, return_index=True)        # the first draw of each distinct product
    first = np.sort(first)
    keep = first[ranks(deal[first]) < n_items[deal[first]]]
    deal, prod = deal[keep], prod[keep]
    category = np.asarray(cat.product_category)
    has = np.zeros((O, int(category.max()) + 1), bool)
    has[deal, category[prod]] = True
    extra_deal, extra_prod, extra_rank = [deal], [prod], [np.zeros(len(deal), np.int64)]
    active = np.asarray(cat.active)
    for k, r in enumerate(x for x in rules if x["kind"] == "requires"):
        pool = np.flatnonzero((category == r["_req"]) & active)
        need = np.flatnonzero(has[:, r["_cat"]] & ~has[:, r["_req"]])
        if len(pool):
            extra_deal.append(need), extra_rank.append(np.full(len(need), k + 1, np.int64))
            extra_prod.append(pool[rng.integers(0, len(pool), len(need))])
    deal, prod, rank = (np.concatenate(x) for x in (extra_deal, extra_prod, extra_rank))
    order = np.lexsort((rank, deal))                     # a deal's drawn products, then its companions
    return deal[order], prod[order]


def _valid_quantities(q: np.ndarray, category: np.ndarray, rules) -> np.ndarray:
    """Each quantity within its category's max_quantity and rounded up to its pack size, rule by rule."""
    q = q.astype(np.int64)
    for r in rules:
        on = category == r["_cat"]
        if r["kind"] == "max_quantity":
            q = np.where(on, np.minimum(q, int(r["value"])), q)
        elif r["kind"] == "pack_size":
            v = int(r["value"])
            q = np.where(on, np.maximum(v, -(-q // v) * v), q)
    return q


def _quote_lines(rd, q_opp, q_breach, breaks, pick_rule, q_invalid, li_opp, li_product, li_quantity, cat, rules,
                 limit_of_deal, depth_of_deal):
    """Quote lines: a quote's deal's line items with the rep's discounts (one kept line past the limit
    on a breaching quote, so the breach latent always shows in the org); on a quote drawn to break a configuration rule, one rule its categories allow is
    broken (``q_invalid`` set in place): a quantity changed, or a required companion dropped."""
    O = len(limit_of_deal)
    start = np.searchsorted(li_opp, np.arange(O + 1))
    n_lines = (start[1:] - start[:-1])[q_opp]
    quote = np.repeat(np.arange(len(q_opp)), n_lines)
    item = start[q_opp][quote] + ranks(quote)
    deal = q_opp[quote]
    limit = limit_of_deal[deal]
    disc = np.minimum(np.round(rd.gamma(2.0, depth_of_deal[deal] / 2.0)), limit)
    qty = li_quantity[item].copy()
    category = np.asarray(cat.product_category)[li_product[item]]
    has = np.zeros((len(q_opp), int(np.asarray(cat.product_category).max()) + 1), bool)
    has[quote, category] = True
    fits = np.stack([has[:, r["_cat"]] for r in rules], axis=1) if rules else np.zeros((len(q_opp), 0), bool)
    n_fit = fits.sum(1)
    broken = np.flatnonzero(breaks & (n_fit > 0))
    kth = (pick_rule[broken] * n_fit[broken]).astype(np.int64)          # the k-th rule among those that fit
    rule = np.argmax(np.cumsum(fits[broken], axis=1) > kth[:, None], axis=1)
    q_invalid[broken] = rule
    u, add, base = rd.random(len(broken)), rd.integers(5, 30, len(broken)), rd.integers(1, 5, len(broken))
    drop = np.zeros(len(item), bool)
    for k, r in enumerate(rules):
        qs = broken[rule == k]
        if not len(qs):
            continue
        has_line = (category == r["_cat"]) & np.isin(quote, qs)
        if r["kind"] == "requires":      # its companions are dropped
            drop |= (category == r["_req"]) & np.isin(quote, qs)
            continue
        lines = np.flatnonzero(has_line)
        pos = np.searchsorted(broken, quote[lines])                   # the broken quote of each line
        nth = ranks(quote[lines])
        count = np.bincount(pos, minlength=len(broken))
        chosen = lines[nth == (u[pos] * count[pos]).astype(np.int64)]
        j = np.searchsorted(broken, quote[chosen])
        v = int(r["value"])
        if r["kind"] == "max_quantity":
            qty[chosen] = v + add[j]
        elif r["kind"] == "pack_size":
            qty[chosen] = v * base[j] + rd.integers(1, v, len(chosen))
    # a breaching quote: one of the lines it keeps goes past the segment's limit
    kept = np.flatnonzero(~drop)
    b = np.flatnonzero(q_breach)
    first_kept = np.searchsorted(quote[kept], np.arange(len(q_opp)))
    n_kept = np.bincount(quote[kept], minlength=len(q_opp))
    hit = kept[first_kept[b] + (rd.random(len(b)) * n_kept[b]).astype(np.int64)]
    disc[hit] = limit[hit] + rd.integers(2, 11, len(b))
    return quote[kept], item[kept], qty[kept], disc[kept].astype(float)
