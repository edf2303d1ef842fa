"""The one translation point: Neo4j Cypher (the portable subset) re-spelled for the embedded engine.

Templates, agents and users write Neo4j 5 Cypher. Neo4j runs it unchanged; the embedded Kuzu-family
engine runs ``to_embedded(text)``. The portable subset (see ``crmarena/store/README.md``) is what this
module renders; anything outside it that it can recognise raises a one-line CrmarenaError naming the
portable spelling, rather than silently giving a different answer.

Renderings (Neo4j -> embedded):
- labels that are embedded keywords (``Case``, ``Order``, ...) are backticked: ``(c:`Case`)``
- parameters are renamed ``$x`` -> ``$p_x`` (``$end``, ``$order`` ... are keywords there)
- ``x.year|quarter|month|day|hour|minute|second`` -> ``date_part('year', x)``;
  ``x.epochMillis`` -> ``to_epoch_ms(x)``, ``x.epochSeconds`` -> ``(to_epoch_ms(x) / 1000)``
- ``datetime('…')`` -> ``timestamp('…')``, ``datetime(e)`` -> ``cast(e AS TIMESTAMP)``, ``date(e)`` ->
  ``cast(e AS DATE)`` (``date('…')`` stays); ``date.truncate(u, x)`` -> ``cast(date_trunc(u, x) AS DATE)``,
  ``datetime.truncate(u, x)`` -> ``cast(date_trunc(u, x) AS TIMESTAMP)``
- ``duration.inSeconds(a, b).seconds|minutes|hours`` -> ``((to_epoch_ms(b) - to_epoch_ms(a)) / 1000)`` (…),
  ``duration.inDays(a, b).days`` -> ``((to_epoch_ms(b) - to_epoch_ms(a)) / 86400000)``
- ``type(r)`` -> ``label(r)``, ``labels(n)`` -> ``[label(n)]``, ``toLower/toFloat`` -> ``lower/to_double``
- Neo4j's meaning of ``x[i]``, ``x[a..b]``, ``split``, ``substring``, ``left``, ``right``, ``replace``,
  ``toUpper``, ``sum``, ``toString`` and ``toInteger`` (``dialect_semantics``), of ``+`` on strings and of
  ``CONTAINS`` (``dialect_operators``), or a run-time refusal naming the portable spelling
- ``WITH … ORDER BY …`` without SKIP/LIMIT gets ``SKIP 0``
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from crmarena.errors import CrmarenaError
from crmarena.store import dialect_operators, dialect_semantics as neo
from crmarena.store.cypher_text import Token, matching, render, tokenize

ACCESSORS = {"year": "year", "quarter": "quarter", "month": "month", "day": "day", "hour": "hour",
             "minute": "minute", "second": "second"}
RENAMES = {"tolower": "lower", "tofloat": "to_double", "type": "label"}
DURATION_UNITS = {("inseconds", "seconds"): 1000, ("inseconds", "minutes"): 60_000,
                  ("inseconds", "hours"): 3_600_000, ("indays", "days"): 86_400_000}
NOT_PORTABLE = {
    "localdatetime": "use datetime values (UTC)", "localtime": "not in the portable subset",
    "time": "not in the portable subset", "duration": "pass window bounds as datetime parameters",
    "elementid": "use the id property", "id": "use the id property (n.id)",
    "stdev": "compute it in Python", "stdevp": "compute it in Python",
    "percentilecont": "compute it in Python", "percentiledisc": "compute it in Python",
    "round": "return the value and round in Python (engines differ in the last bit of averages, so "
             "x.xx5 rounds apart)",
    # the embedded engine crashes the process on properties(null); a returned node already is the map
    "properties": "return the node itself: it comes back as a map of its properties",
}
KEYWORDS = frozenset("""MATCH OPTIONAL WHERE AND OR XOR NOT IN RETURN WITH UNWIND AS CASE WHEN THEN ELSE END IS
    DISTINCT ORDER BY SKIP LIMIT UNION ALL CALL YIELD STARTS ENDS CONTAINS DESC ASC ON""".split())


def _t(text: str, kind: str = "name") -> Token:
    return Token(kind, text)


def _ops(text: str) -> list[Token]:
    return tokenize(text)


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    from crmarena.graph_schema import load_schema

    schema = load_schema()
    props = {p.name for n in schema.nodes for p in n.properties}
    clash = props & (set(ACCESSORS) | {"epochMillis", "epochSeconds"})
    assert not clash, f"schema properties shadow temporal accessors: {clash}"
    return frozenset(schema.labels)


def _subscript_follows(out: list[Token]) -> bool:
    """Does a ``[`` here index the value just written (``x[0]``, ``f(x)[1..]``), not open a list or pattern?"""
    j = _prev(out, len(out) - 1)
    if j < 0:
        return False
    t = out[j]
    return t.kind in ("quoted", "param") or (t.kind == "name" and t.upper not in KEYWORDS) \
        or (t.kind == "op" and t.text in (")", "]"))


def _subscript(tokens: list[Token], i: int, out: list[Token]) -> int:
    """Render ``atom[i]`` / ``atom[a..b]`` (the atom already in ``out``); return the index after ``]``."""
    close = matching(tokens, i)
    inner = tokens[i + 1:close]
    dots = [k for k, t in enumerate(inner) if t.kind == "op" and t.text == ".."
            and sum(1 if x.text in "([{" else -1 if x.text in ")]}" else 0
                    for x in inner[:k] if x.kind == "op") == 0]
    start = _atom_start(out)
    atom = out[start:]
    del out[start:]
    if dots:
        lo = _strip(_translate(inner[:dots[0]]))
        hi = _strip(_translate(inner[dots[0] + 1:]))
        out.extend(neo.slice_(atom, lo, hi))
    else:
        out.extend(neo.subscript(atom, _strip(_translate(inner))))
    return close + 1


def _next(tokens: list[Token], i: int) -> int:
    """Index of the first code token at or after ``i`` (len(tokens) if none)."""
    while i < len(tokens) and tokens[i].kind in ("ws", "comment"):
        i += 1
    return i


def _prev(tokens: list[Token], i: int) -> int:
    while i >= 0 and tokens[i].kind in ("ws", "comment"):
        i -= 1
    return i


def _split_args(tokens: list[Token]) -> list[list[Token]]:
    args, current, depth = [], [], 0
    for t in tokens:
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text == ",":
            args.append(current)
            current = []
        else:
            current.append(t)
    if current or args:
        args.append(current)
    args = [_strip(a) for a in args]
    return [a for a in args if a] if len(args) == 1 else args


def _strip(tokens: list[Token]) -> list[Token]:
    i, j = 0, len(tokens)
    while i < j and tokens[i].kind in ("ws", "comment"):
        i += 1
    while j > i and tokens[j - 1].kind in ("ws", "comment"):
        j -= 1
    return tokens[i:j]


def _atom_start(out: list[Token]) -> int:
    """Start index in ``out`` of the expression atom that ends at its last code token."""
    j = _prev(out, len(out) - 1)
    if j < 0:
        raise CrmarenaError("a temporal accessor needs a value before it")
    if out[j].kind == "op" and out[j].text in ")]":
        j = matching(out, j)
        k = _prev(out, j - 1)
        if k >= 0 and out[k].kind in ("name", "quoted") and out[k].upper not in KEYWORDS:
            j = k
        else:
            return j
    while True:
        k = _prev(out, j - 1)
        if k >= 0 and out[k].text == "." and out[k].kind == "op":
            m = _prev(out, k - 1)
            if m >= 0 and out[m].kind in ("name", "quoted", "param"):
                j = m
                continue
        return j


def _translate(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        p = _prev(out, len(out) - 1)
        after_dot = p >= 0 and out[p].kind == "op" and out[p].text == "."
        n = _next(tokens, i + 1)
        call = n < len(tokens) and tokens[n].text == "(" and tokens[n].kind == "op"
        dotted = n < len(tokens) and tokens[n].text == "." and tokens[n].kind == "op"
        if t.kind == "op" and t.text == ":" and not after_dot:
            out.append(t)
            k = _next(tokens, i + 1)
            if k < len(tokens) and tokens[k].kind == "name" and tokens[k].text in _labels():
                out.extend(tokens[i + 1:k])
                out.append(_t(f"`{tokens[k].text}`", "quoted"))
                i = k + 1
                continue
        elif t.kind == "op" and t.text == "[" and _subscript_follows(out):
            i = _subscript(tokens, i, out)
            continue
        elif t.kind == "param":
            out.append(_t("$p_" + t.text[1:].strip("`"), "param"))
        elif t.kind == "name" and not after_dot and dotted and t.text.lower() in ("date", "datetime", "duration") \
                and _next(tokens, _next(tokens, n + 1) + 1) < len(tokens) \
                and tokens[_next(tokens, _next(tokens, n + 1) + 1)].text == "(":
            fn = _next(tokens, n + 1)
            paren = _next(tokens, fn + 1)
            close = matching(tokens, paren)
            args = [_translate(a) for a in _split_args(tokens[paren + 1:close])]
            i = _namespaced(t.text.lower(), tokens[fn].text.lower(), args, tokens, close, out)
            continue
        elif t.kind == "name" and not after_dot and call and t.upper not in KEYWORDS:
            close = matching(tokens, n)
            args = [_translate(a) for a in _split_args(tokens[n + 1:close])]
            out.extend(_function(t.text, args))
            i = close + 1
            continue
        elif t.kind == "name" and after_dot and t.text in ACCESSORS | {"epochMillis": 0, "epochSeconds": 0} and not call:
            dot = p
            start = _atom_start(out[:dot])
            atom = out[start:dot]
            del out[start:]
            if t.text == "epochMillis":
                out.extend([_t("to_epoch_ms"), _t("(", "op"), *atom, _t(")", "op")])
            elif t.text == "epochSeconds":
                out.extend(_ops("(to_epoch_ms(") + atom + _ops(") / 1000)"))
            else:
                out.extend(_ops(f"date_part('{ACCESSORS[t.text]}', ") + atom + _ops(")"))
        else:
            out.append(t)
        i += 1
    return out


def _join(args: list[list[Token]]) -> list[Token]:
    res: list[Token] = []
    for k, a in enumerate(args):
        if k:
            res.extend(_ops(", "))
        res.extend(a)
    return res


def _function(name: str, args: list[list[Token]]) -> list[Token]:
    low = name.lower()
    if low in NOT_PORTABLE:
        raise CrmarenaError(f"{name}() is not in the portable Cypher subset: {NOT_PORTABLE[low]}")
    literal = len(args) == 1 and len([x for x in args[0] if x.kind not in ("ws", "comment")]) == 1 \
        and [x for x in args[0] if x.kind not in ("ws", "comment")][0].kind == "string"
    if low in ("datetime", "date"):
        if not args:
            raise CrmarenaError(f"{name}() (the current time) is not reproducible: pass 'today' as a parameter")
        if low == "date" and literal:
            return _ops("date(") + args[0] + _ops(")")
        if low == "datetime" and literal:
            return _ops("timestamp(") + args[0] + _ops(")")
        return _ops("cast(") + _join(args) + _ops(" AS TIMESTAMP)" if low == "datetime" else " AS DATE)")
    if low == "labels":
        return _ops("[label(") + _join(args) + _ops(")]")
    if low in neo.NEO4J_MEANING:   # parenthesised, so that a subscript after it applies to all of it
        return _ops("(") + neo.NEO4J_MEANING[low](args) + _ops(")")
    return [_t(RENAMES.get(low, name)), _t("(", "op"), *_join(args), _t(")", "op")]


def _namespaced(ns: str, fn: str, args: list[list[Token]], tokens: list[Token], close: int,
                out: list[Token]) -> int:
    """Render ``ns.fn(args)`` (and a duration's accessor); return the index to continue from."""
    if ns in ("date", "datetime") and fn == "truncate" and len(args) == 2:
        out.extend(_ops("cast(date_trunc(") + _join(args) + _ops(") AS DATE)" if ns == "date" else ") AS TIMESTAMP)"))
        return close + 1
    if ns == "duration" and fn in ("inseconds", "indays") and len(args) == 2:
        dot = _next(tokens, close + 1)
        acc = _next(tokens, dot + 1)
        unit = tokens[acc].text if dot < len(tokens) and tokens[dot].text == "." and acc < len(tokens) else ""
        ms = DURATION_UNITS.get((fn, unit))
        if ms is None:
            raise CrmarenaError(f"duration.{fn}(a, b) must be followed by "
                                f"{'.seconds, .minutes or .hours' if fn == 'inseconds' else '.days'} "
                                "in the portable Cypher subset")
        out.extend(_ops("((to_epoch_ms(") + args[1] + _ops(") - to_epoch_ms(") + args[0] + _ops(f")) / {ms})"))
        return acc + 1
    raise CrmarenaError(f"{ns}.{fn}() is not in the portable Cypher subset (date.truncate, datetime.truncate, "
                        "duration.inSeconds(a, b).seconds|minutes|hours, duration.inDays(a, b).days)")


def to_embedded(cypher: str) -> str:
    """Render Neo4j Cypher (portable subset) for the embedded engine."""
    tokens = [Token("ws", " ") if t.kind == "comment" else t for t in tokenize(cypher)]
    return render(dialect_operators.with_order_skip(dialect_operators.rewrite(_translate(tokens))))


def embedded_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """Parameters renamed like the text (``x`` -> ``p_x``), datetimes as naive UTC."""
    return {f"p_{k}": _naive_utc(v) for k, v in (params or {}).items()}


def _naive_utc(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise CrmarenaError(f"datetime parameter {v.isoformat()} has no time zone: pass timezone-aware UTC")
        return v.astimezone(timezone.utc).replace(tzinfo=None)
    if isinstance(v, (list, tuple)):
        return [_naive_utc(x) for x in v]
    if isinstance(v, dict):
        return {k: _naive_utc(x) for k, x in v.items()}
    return v
