"""Errors of the embedded engine told in Neo4j's terms, for agents whose prompt says the database is Neo4j.

The embedded store (ladybug, a Kuzu fork) reports its own grammar and vocabulary ("Parser exception:
... expecting {ALTER, ANALYZE, ...}", "Binder exception: Table Cse does not exist", TIMESTAMP). An
agent told it talks to Neo4j learns nothing from that, so its observation is rewritten the way a
Neo4j server would put it: the Neo4j status code, the offending input and position, labels,
relationship types and properties named as such, DATETIME for TIMESTAMP. Only the agents' tool
observations are rewritten; the store keeps its own errors for everyone else.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PREFIX_RE = re.compile(r"^(?:embedded query failed:\s*)?(?P<kind>[A-Za-z ]+?) exception:\s*(?P<msg>.*)$", re.DOTALL)
_INPUT_RE = re.compile(r"(?:extraneous|mismatched|no viable alternative at) input '(?P<tok>[^']*)'")
_POS_RE = re.compile(r"\(line: (?P<line>\d+), offset: (?P<off>\d+)\)")
_TYPES = {"TIMESTAMP": "DATETIME", "INT64": "INTEGER", "INT32": "INTEGER", "DOUBLE": "FLOAT", "BOOL": "BOOLEAN",
          "INTERVAL": "DURATION"}
_TYPE_RE = re.compile(r"\b(" + "|".join(_TYPES) + r")\b")


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str]]:
    from crmarena.graph_schema import load_schema

    schema = load_schema()
    return (frozenset(n.label for n in schema.nodes), frozenset(r.type for r in schema.relationships))


def _syntax(msg: str) -> str:
    tok = _INPUT_RE.search(msg)
    pos = _POS_RE.search(msg)
    where = f" (line {pos['line']}, column {int(pos['off']) + 1})" if pos else ""
    if tok:
        return f"Neo.ClientError.Statement.SyntaxError: Invalid input '{tok['tok']}'{where}"
    bare = re.sub(r"\s*expecting \{[^}]*\}|:?\s*expected rule \w+", "", _POS_RE.sub("", msg)).strip()
    return f"Neo.ClientError.Statement.SyntaxError: {bare}{where}"


def _binder(msg: str) -> str:
    m = re.match(r"Variable (\S+) is not in scope", msg)
    if m:
        return f"Neo.ClientError.Statement.SyntaxError: Variable `{m[1]}` not defined"
    m = re.match(r"Table (\S+) does not exist", msg)
    if m:
        labels, types = _names()
        what = "relationship type" if m[1] in types or m[1].isupper() else "label"
        return (f"Neo.ClientNotification.Statement.Unknown{'RelationshipType' if what[0] == 'r' else 'Label'}Warning: "
                f"the {what} `{m[1]}` does not exist in this database (see the schema)")
    m = re.match(r"Cannot find property (\S+) for (\S+?)\.?$", msg)
    if m:
        return (f"Neo.ClientNotification.Statement.UnknownPropertyKeyWarning: the property `{m[1]}` of `{m[2]}` "
                "does not exist in this database (see the schema)")
    return "Neo.ClientError.Statement.SyntaxError: " + msg


def neo4j_error(text: str) -> str:
    """``text`` (one error line of the embedded engine) in Neo4j's terms; other text unchanged."""
    m = _PREFIX_RE.match(text.strip())
    if not m:
        return text
    kind, msg = m["kind"].strip().lower(), " ".join(m["msg"].split())
    if kind == "parser":
        out = _syntax(msg)
    elif kind == "binder":
        out = _binder(msg)
    elif kind == "conversion":
        out = "Neo.ClientError.Statement.TypeError: " + msg + (
            " (compare DATETIME properties with datetime('2023-01-01T00:00:00Z'))" if "TIMESTAMP" in msg else "")
    elif kind == "runtime":
        out = "Neo.ClientError.Statement.ArgumentError: " + msg
    else:
        out = "Neo.DatabaseError.Statement.ExecutionFailed: " + msg
    return _TYPE_RE.sub(lambda t: _TYPES[t[1]], out)
