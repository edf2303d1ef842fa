"""The checks both stores run before a query: the same one-line refusal on the embedded store and on Neo4j.

Neo4j answers a query that names an unknown label, relationship type or property with an empty
result or nulls (a warning nobody sees), the embedded engine with a binder error or the same nulls;
a missing parameter is an error on Neo4j and a null on the embedded engine. ``check_query`` refuses
all of these up front, on either store, with one CrmarenaError (exit 2), so a query either means
the same on both or runs on neither:

- every ``$param`` the text uses is given, and every given one is used;
- parameter values are plain (str, int, float, bool, None, ``date``, timezone-aware ``datetime``,
  lists and string-keyed maps of those);
- every label and relationship type after ``:`` is in the schema;
- ``v.prop`` and ``(v:Label {prop: …})`` name a property of ``v``'s label(s) (or ``id``) when ``v``
  is bound to schema labels in a pattern (and never re-bound by ``AS``); relationships have none;
- a property compared (``=``, ``<>``, ``<``, ``<=``, ``>``, ``>=``, ``IN``, a pattern map) with a
  parameter or a literal gets a value of its own type (a DATETIME with a datetime, not a string or a
  date): Neo4j compares values of different types as null, silently matching nothing.

It is lexical (the token lexer of ``cypher_text``), not a parser: what it cannot attribute it lets
through to the engines.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from crmarena.errors import CrmarenaError
from crmarena.store.cypher_text import Token, code, tokenize

COMPARISONS = frozenset({"=", "<>", "<", "<=", ">", ">="})
# which Python values a property of each schema type compares with
ACCEPTS: dict[str, tuple[type, ...]] = {
    "STRING": (str,), "INTEGER": (int, float), "FLOAT": (int, float), "BOOLEAN": (bool,),
    "DATE": (date,), "DATETIME": (datetime,),
}
TYPE_NAMES = {str: "a string", int: "an integer", float: "a float", bool: "a boolean", date: "a date",
              datetime: "a datetime", list: "a list", dict: "a map", type(None): "null"}


def check_query(cypher: str, params: dict[str, Any] | None, schema=None) -> None:
    """Raise a one-line CrmarenaError when ``cypher`` with ``params`` cannot mean the same on both stores."""
    if schema is None:
        from crmarena.graph_schema import load_schema

        schema = load_schema()
    params = params or {}
    toks = code(tokenize(cypher))
    _check_params(toks, params)
    bound = _check_labels(toks, schema)
    _check_properties(toks, params, bound, schema)


def param_name(t: Token) -> str:
    name = t.text[1:]
    return name[1:-1].replace("``", "`") if name.startswith("`") else name


def _check_params(toks: list[Token], params: dict[str, Any]) -> None:
    used = list(dict.fromkeys(param_name(t) for t in toks if t.kind == "param"))
    missing = [n for n in used if n not in params]
    if missing:
        raise CrmarenaError(f"the query uses ${', $'.join(missing)} but no value was given for "
                            f"{'it' if len(missing) == 1 else 'them'} (pass every parameter, e.g. --param "
                            f"{missing[0]}=VALUE)")
    unused = [str(n) for n in params if n not in used]
    if unused:
        raise CrmarenaError(f"parameter{'s' if len(unused) > 1 else ''} ${', $'.join(unused)} "
                            f"{'are' if len(unused) > 1 else 'is'} not used by the query (a misspelt name "
                            "would otherwise be ignored)")
    for name, value in params.items():
        _plain(name, value)


def _plain(name: str, v: Any) -> None:
    if v is None or isinstance(v, (bool, int, float, str)):
        return
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise CrmarenaError(f"parameter ${name}: datetime {v.isoformat()} has no time zone "
                                "(pass timezone-aware UTC)")
        return
    if isinstance(v, date):
        return
    if isinstance(v, (list, tuple)):
        for x in v:
            _plain(name, x)
        return
    if isinstance(v, dict) and all(isinstance(k, str) for k in v):
        for x in v.values():
            _plain(name, x)
        return
    raise CrmarenaError(f"parameter ${name} is a {type(v).__name__}: parameters are str, int, float, bool, "
                        "null, date, timezone-aware datetime, or lists and maps of those")


def _map_key(toks: list[Token], i: int, stack: list[str]) -> bool:
    """Is the ``:`` at ``toks[i]`` a map key's (``{status: s}``) rather than a label's?"""
    return bool(stack) and stack[-1] == "{" and i >= 2 and toks[i - 1].kind in ("name", "quoted") \
        and toks[i - 2].text in ("{", ",")


def _check_labels(toks: list[Token], schema) -> dict[str, set[str]]:
    """Refuse unknown labels and relationship types; return pattern variables -> their labels."""
    labels, types = set(schema.labels), set(schema.relationship_types)
    bound: dict[str, set[str]] = {}
    rel_vars: set[str] = set()
    stack: list[str] = []
    for i, t in enumerate(toks):
        if t.kind == "op" and t.text in "([{":
            stack.append(t.text)
        elif t.kind == "op" and t.text in ")]}":
            if stack:
                stack.pop()
        elif t.kind == "op" and t.text == ":" and not _map_key(toks, i, stack):
            in_rel = bool(stack) and stack[-1] == "["
            var = toks[i - 1].name if i and toks[i - 1].kind in ("name", "quoted") else None
            j = i
            while j + 1 < len(toks) and toks[j + 1].kind in ("name", "quoted"):
                name = toks[j + 1].name
                known = types if in_rel else labels
                if name not in known:
                    what = "relationship type" if in_rel else "label"
                    raise CrmarenaError(f"unknown {what} :{name} (the schema's {what}s: "
                                        f"{', '.join(sorted(known))})")
                if var and in_rel:
                    rel_vars.add(var)
                elif var:
                    bound.setdefault(var, set()).add(name)
                j += 1
                if j + 1 < len(toks) and toks[j + 1].text in ("|", ":", "&"):
                    j += 1
                else:
                    break
    rebound = {toks[i + 1].name for i, t in enumerate(toks[:-1]) if t.upper == "AS"}
    result = {v: ls for v, ls in bound.items() if v not in rebound and v not in rel_vars}
    result.update({v: set() for v in rel_vars if v not in rebound and v not in bound})
    return result


def _props(schema, labels: set[str]) -> dict[str, str]:
    out = {"id": "STRING"}
    for label in labels:
        out.update({p.name: p.type for p in schema.node(label).properties})
    return out


def _check_properties(toks: list[Token], params: dict[str, Any], bound: dict[str, set[str]], schema) -> None:
    for i, t in enumerate(toks):
        if t.kind == "op" and t.text == "(":
            _pattern_map(toks, i, params, bound, schema)
        if t.kind not in ("name", "quoted") or t.name not in bound or (i and toks[i - 1].text == "."):
            continue
        if i + 2 < len(toks) and toks[i + 1].text == "." and toks[i + 2].kind in ("name", "quoted") \
                and not (i + 3 < len(toks) and toks[i + 3].text == "("):
            prop = toks[i + 2].name
            ptype = _property_type(schema, t.name, bound[t.name], prop)
            _compare(toks, i, i + 2, t.name, prop, ptype, params)


def _property_type(schema, var: str, owner: set[str], prop: str) -> str:
    if not owner:
        raise CrmarenaError(f"unknown property {var}.{prop}: relationships have no properties in the schema")
    props = _props(schema, owner)
    if prop not in props:
        where = "/".join(sorted(owner))
        raise CrmarenaError(f"unknown property {var}.{prop}: {where} has {', '.join(sorted(props))}")
    return props[prop]


def _pattern_map(toks: list[Token], i: int, params, bound: dict[str, set[str]], schema) -> None:
    """``(v:Label {k: value, …})`` at ``toks[i]``: keys are properties of its labels, values of their types."""
    j, var, labels = i + 1, "", set()
    if j < len(toks) and toks[j].kind in ("name", "quoted") and toks[j].upper not in ("MATCH", "WITH"):
        var = toks[j].name
        labels |= bound.get(var, set())
        j += 1
    while j + 1 < len(toks) and toks[j].text in (":", "|", "&") and toks[j + 1].kind in ("name", "quoted"):
        labels.add(toks[j + 1].name)
        j += 2
    if j >= len(toks) or toks[j].text != "{" or not labels:
        return
    depth, k = 0, j
    while k < len(toks):
        if toks[k].text in ("{", "(", "["):
            depth += 1
        elif toks[k].text in ("}", ")", "]"):
            depth -= 1
            if depth == 0:
                return
        elif depth == 1 and toks[k].text == ":" and toks[k - 1].kind in ("name", "quoted") \
                and toks[k - 2].text in ("{", ","):
            prop = toks[k - 1].name
            ptype = _property_type(schema, var or "(node)", labels, prop)
            _value_type(toks, k + 1, k + 2, var or "(node)", prop, ptype, params)
        k += 1


def _compare(toks, start: int, end: int, var, prop, ptype, params) -> None:
    """``v.p OP x`` or ``x OP v.p`` with x a parameter or a literal: x must be of p's type."""
    after = end + 1
    if after < len(toks) and toks[after].kind == "op" and toks[after].text in COMPARISONS:
        _value_type(toks, after + 1, after + 2, var, prop, ptype, params)
    elif after < len(toks) and toks[after].upper == "IN" and after + 1 < len(toks) \
            and toks[after + 1].kind == "param":
        value = params.get(param_name(toks[after + 1]))
        if isinstance(value, (list, tuple)):
            for x in value:
                _mismatch(x, f"${param_name(toks[after + 1])}", var, prop, ptype, element=True)
    before = start - 1
    if before >= 1 and toks[before].kind == "op" and toks[before].text in COMPARISONS \
            and not (before >= 2 and toks[before - 2].text == "."):
        _value_type(toks, before - 1, before, var, prop, ptype, params)


def _value_type(toks, i: int, stop: int, var, prop, ptype, params) -> None:
    """The single token ``toks[i]`` (a parameter or a literal, ending before ``stop``) against ``ptype``."""
    if i >= len(toks) or i < 0:
        return
    t = toks[i]
    nxt = toks[stop] if 0 <= stop < len(toks) and stop > i else None
    if t.kind == "name" and t.text.lower() in ("date", "datetime") and nxt is not None and nxt.text == "(" \
            and (i == 0 or toks[i - 1].text != "."):
        _mismatch(date(2000, 1, 1) if t.text.lower() == "date" else datetime(2000, 1, 1), f"{t.text}(…)",
                  var, prop, ptype)
        return
    if nxt is not None and nxt.text in (".", "(", "["):
        return  # part of a longer expression
    if t.kind == "param":
        _mismatch(params.get(param_name(t)), f"${param_name(t)}", var, prop, ptype)
    elif t.kind == "string":
        _mismatch("", t.text, var, prop, ptype)
    elif t.kind == "number":
        _mismatch(float(t.text) if any(c in t.text for c in ".eE") else int(t.text), t.text, var, prop, ptype)
    elif t.upper in ("TRUE", "FALSE"):
        _mismatch(True, t.text, var, prop, ptype)


def _mismatch(value: Any, shown: str, var, prop, ptype: str, element: bool = False) -> None:
    if value is None:
        return
    ok = isinstance(value, ACCEPTS[ptype]) and not (ptype != "BOOLEAN" and isinstance(value, bool)) \
        and not (ptype == "DATE" and isinstance(value, datetime))
    if ok:
        return
    what = TYPE_NAMES.get(type(value), type(value).__name__)
    hint = {"DATETIME": "a timezone-aware datetime parameter or datetime('…')", "DATE": "a date parameter or date('…')"}
    raise CrmarenaError(f"{var}.{prop} is a {ptype} but {shown} is {'a list holding ' if element else ''}{what}: "
                        f"values of different types never compare equal on Neo4j (use "
                        f"{hint.get(ptype, 'a value of the same type')})")
