"""The catalogue: categories, products (names, prices, popularity) and price books with entries.

Products are contiguous by category (category sizes follow demand); names are unique brand x model x
noun combinations (an "II"/"III" edition when a category needs more than the combinations).
Price books: a Standard book over the whole timeline plus one promotion book per calendar quarter;
every product has an entry in every book (list price, or the list price less a promotion discount).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from crmarena.simulator.config import data, quarter_starts
from crmarena.simulator.draws import DAY, largest_remainder
from crmarena.simulator.latents.shopping_habit import category_demand


@dataclass
class Catalogue:
    category_names: list[str]
    product_category: np.ndarray   # (P,) category index, sorted
    popularity: np.ndarray         # (P,) relative demand inside the category
    list_price: np.ndarray         # (P,)
    name_brand: np.ndarray         # (P,) indices into catalogue.yaml lists
    name_model: np.ndarray
    name_noun: np.ndarray          # index into the category's nouns
    edition: np.ndarray            # 0 = none, 1 = "II", ...
    material: np.ndarray
    feature: np.ndarray
    active: np.ndarray             # (P,) bool
    book_start: np.ndarray         # (B,) epoch seconds, book 0 = Standard
    book_end: np.ndarray           # (B,) epoch seconds (exclusive)
    book_names: list[str]
    entry_price: np.ndarray        # (B, P)


def epoch_day(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def build_catalogue(cfg, sizes, streams) -> Catalogue:
    cat = data("catalogue")
    cats = cat["categories"]
    K, P = len(cats), sizes.products
    counts = largest_remainder(P, category_demand(), minimum=max(1, min(4, P // K)))
    pc = np.repeat(np.arange(K), counts)
    c = cfg.catalogue
    rng = streams("catalogue.products")
    popularity = rng.gamma(c.popularity_shape, 1.0, P)
    median = np.array([x["price"] for x in cats], float)[pc]
    price = np.maximum(np.floor(median * rng.lognormal(0.0, c.price_sigma, P)), 4.0) + 0.99
    nb, nm = len(cat["brands"]), len(cat["models"])
    combos = np.empty(P, np.int64)
    for k in range(K):          # a handful of categories: unique combinations per category
        n_nouns = len(cats[k]["nouns"])
        space = nb * nm * n_nouns
        n = counts[k]
        editions = -(-n // space)
        combos[pc == k] = rng.permutation(space * editions)[:n]
    n_nouns = np.array([len(x["nouns"]) for x in cats])[pc]
    space = nb * nm * n_nouns
    edition, rest = combos // space, combos % space
    active = rng.random(P) >= 0.04
    # price books
    tl = cfg.timeline
    qs = quarter_starts(tl.start, tl.today)
    start = np.array([epoch_day(tl.start)] + [epoch_day(q) for q in qs], np.int64) * DAY
    ends = [epoch_day(q) for q in qs[1:]] + [epoch_day(tl.today)]
    end = np.array([epoch_day(tl.today)] + ends, np.int64) * DAY
    names = ["Standard Price Book"] + [f"{q.year} Q{(q.month - 1) // 3 + 1} Promotions" for q in qs]
    lo, hi = c.promo_discount
    disc = streams("catalogue.promotions").uniform(lo, hi, (len(names), P))
    disc[0] = 0.0
    entry = np.round(price[None, :] * (1 - disc), 2)
    return Catalogue([x["name"] for x in cats], pc, popularity, price, rest % nb, (rest // nb) % nm,
                     rest // (nb * nm), edition, rng.integers(0, len(cat["materials"]), P),
                     rng.integers(0, len(cat["features"]), P), active, start, end, names, entry)
