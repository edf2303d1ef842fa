"""Vectorised text: templates filled with pyarrow compute, one pass per template variant.

``render(templates, choice, fields)`` fills ``templates[choice[i]]`` for every row i with the
row's field values ({name} placeholders), using ``binary_join_element_wise`` on whole columns —
no Python loop over rows.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.config import data

_FIELD = re.compile(r"\{(\w+)\}")


def strings(values) -> pa.Array:
    return pa.array(list(values), pa.string())


def take(pool: pa.Array, idx: np.ndarray) -> pa.Array:
    return pool.take(pa.array(np.asarray(idx, np.int64)))


def numbers(a: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(a, np.int64)), pa.string())


def _fill(template: str, fields: dict[str, pa.Array], n: int) -> pa.Array:
    pieces = _FIELD.split(template)          # literal, name, literal, name, ..., literal
    args = []
    for k, piece in enumerate(pieces):
        if k % 2:
            args.append(fields[piece])
        elif piece:
            args.append(piece)
    if not any(isinstance(a, pa.Array) for a in args):
        return pa.array([template] * n, pa.string()) if n else pa.array([], pa.string())
    if len(args) == 1:
        return args[0]
    return pc.binary_join_element_wise(*args, "")


def render(templates: list[str], choice: np.ndarray | int, fields: dict[str, pa.Array], n: int | None = None) -> pa.Array:
    """Row i gets ``templates[choice[i]]`` filled from ``fields`` (arrays aligned with the rows)."""
    if np.isscalar(choice):
        choice = np.full(n if n is not None else len(next(iter(fields.values()))), int(choice))
    choice = np.asarray(choice)
    n = len(choice)
    if n == 0:
        return pa.array([], pa.string())
    used = np.unique(choice)
    if len(used) == 1:
        return _fill(templates[int(used[0])], fields, n)
    parsed = [_FIELD.split(templates[int(v)]) for v in range(len(templates))]
    names = [p[1::2] for p in parsed]
    if all(x == names[0] for x in names):
        # same fields in the same order: per-row literal slots, one join over all rows, no permutation
        idx = pa.array(np.asarray(choice, np.int64))
        args = []
        for k in range(len(parsed[0])):
            if k % 2:
                args.append(fields[parsed[0][k]])
            else:
                lits = [p[k] for p in parsed]
                args.append(lits[0] if len(set(lits)) == 1 else pa.array(lits, pa.string()).take(idx))
        args = [a for a in args if not (isinstance(a, str) and a == "")]
        return pc.binary_join_element_wise(*args, "") if len(args) > 1 else args[0]
    parts, rows_all = [], []
    for v in used:
        rows = np.flatnonzero(choice == v)
        idx = pa.array(rows)
        tpl = templates[int(v)]
        sub = {k: f.take(idx) for k, f in fields.items() if "{" + k + "}" in tpl}
        parts.append(_fill(tpl, sub, len(rows)))
        rows_all.append(rows)
    inv = np.empty(n, np.int64)
    inv[np.concatenate(rows_all)] = np.arange(n)
    return pa.concat_arrays([p.combine_chunks() if isinstance(p, pa.ChunkedArray) else p for p in parts]).take(pa.array(inv))


def product_names(cat) -> pa.Array:
    """Unique names: "<Brand> <Model> <Noun>[ II|III...]"."""
    c = data("catalogue")
    nouns = [n for k in c["categories"] for n in k["nouns"]]
    offset = np.cumsum([0] + [len(k["nouns"]) for k in c["categories"]])[:-1]
    noun = take(strings(nouns), offset[cat.product_category] + cat.name_noun)
    editions = strings(["", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X"])
    return pc.binary_join_element_wise(take(strings(c["brands"]), cat.name_brand), " ",
                                       take(strings(c["models"]), cat.name_model), " ", noun,
                                       take(editions, np.minimum(cat.edition, 9)), "")


def product_descriptions(cat, names: pa.Array) -> pa.Array:
    c = data("catalogue")
    return pc.binary_join_element_wise(
        names, " from our ", take(strings(x["name"] for x in c["categories"]), cat.product_category),
        " range: made of ", take(strings(c["materials"]), cat.material), " with ",
        take(strings(c["features"]), cat.feature), ". List price $",
        pc.cast(pa.array(cat.list_price), pa.string()), ".", "")
