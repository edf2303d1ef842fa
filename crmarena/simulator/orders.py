"""Orders and order items, driven by shopping_habit (when, what, how often).

- customer: one first order each, the rest in proportion to ``intensity`` (repeat buyers);
- date: month ~ the customer's month weights; the day inside that month over the timeline's years
  in proportion to yearly growth and the Black Friday..Cyber Monday holiday factor;
- items: every order has one, the rest spread uniformly (≈ 1 + Poisson); category ~ the customer's
  category preferences, product within it ~ popularity; unit price from the order's price book.
Orders are sorted by date, so ids rise with time. Delivery = order day + the state's business days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from crmarena.simulator.catalogue import Catalogue, epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY, grouped_choice, rowcat


@dataclass
class Orders:
    customer: np.ndarray      # (O,)
    day: np.ndarray           # (O,) epoch day of the purchase
    book: np.ndarray          # (O,) price book index
    draft: np.ndarray         # (O,) bool
    delivery_day: np.ndarray  # (O,) epoch day the parcel arrives
    item_order: np.ndarray    # (I,) sorted
    item_product: np.ndarray  # (I,)
    item_quantity: np.ndarray
    item_price: np.ndarray


def holiday_days(start: date, today: date) -> list[date]:
    """Black Friday (4th Thursday of November + 1) through Cyber Monday of every year."""
    out = []
    for y in range(start.year, today.year + 1):
        nov1 = date(y, 11, 1)
        thanksgiving = nov1 + timedelta(days=(3 - nov1.weekday()) % 7 + 21)
        out += [thanksgiving + timedelta(days=k) for k in range(1, 5)]
    return [d for d in out if start <= d < today]


def day_weights(cfg) -> tuple[np.ndarray, np.ndarray]:
    """(epoch days of the timeline, their relative order weight before the customer's month choice)."""
    tl, p = cfg.timeline, cfg.latent("shopping_habit")
    d0, d1 = epoch_day(tl.start), epoch_day(tl.today)
    days = np.arange(d0, d1)
    w = (1 + tl.yearly_growth) ** ((days - d0) / 365.25)
    for h in holiday_days(tl.start, tl.today):
        w[epoch_day(h) - d0] *= p["holiday_day_factor"]
    return days, w


def month_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12


def build_orders(cfg, sizes, streams, lat: dict, cat: Catalogue, cust_state: np.ndarray) -> Orders:
    C, O, I = sizes.customers, sizes.orders, sizes.items
    intensity = lat["shopping_habit.intensity"]
    r = streams("orders.customer")
    cdf = np.cumsum(intensity)
    u = np.sort(r.random(O - C))         # sorted queries: a cache-friendly search, same distribution
    extra = np.minimum(np.searchsorted(cdf / cdf[-1], u, side="right"), C - 1)
    customer = np.concatenate([np.arange(C), extra])
    # date: the customer's month, then a day of that month (any year) by growth x holiday weight
    r = streams("orders.date")
    month = rowcat(r, lat["shopping_habit.month_weights"], customer)
    days, w = day_weights(cfg)
    m = month_of(days)
    by_month = np.argsort(m, kind="stable")
    pick = grouped_choice(r, month, w[by_month], m[by_month])
    day = days[by_month][pick]
    order = np.argsort(day, kind="stable")
    customer, day = customer[order], day[order]
    book = 1 + np.searchsorted(cat.book_start[1:] // DAY, day, side="right") - 1
    today = epoch_day(cfg.timeline.today)
    r = streams("orders.status")
    draft = (r.random(O) < cfg.sizes.draft_order_share) | (day >= today - 2)
    base = np.array([v["days"] for v in data("states")["states"].values()])[cust_state[customer]]
    delivery = day + np.ceil((base + r.poisson(0.6, O)) * 7 / 5).astype(np.int64)
    # items
    r = streams("orders.items")
    item_order = np.repeat(np.arange(O), 1 + np.bincount(r.integers(0, O, I - O), minlength=O))
    icust = customer[item_order]
    icat = rowcat(r, lat["shopping_habit.category_prefs"], icust)
    prod = grouped_choice(r, icat, cat.popularity, cat.product_category)
    qty = 1 + r.poisson(cfg.catalogue.extra_quantity_rate, I)
    price = cat.entry_price[book[item_order], prod]
    return Orders(customer, day, book, draft, delivery, item_order, prod, qty, price)
