"""The fast first refusal run before every untrusted query: size bounds, then a lexical check.

It is never the guarantee. The guarantee is the engine's own plan (``plans``: EXPLAIN on either
engine, only read operators allowed) and, under it, the engine's read-only mode and the server's
settings. This check only makes the common refusals quick and clear. It reads code tokens (strings,
comments and backticked names can say anything) without any Unicode folding: a character outside
ASCII in code (a look-alike letter, quote or space) is refused, never reinterpreted, and a ``//``
comment ends at every Unicode line terminator (``cypher_text.LINE_TERMINATORS``).
"""

from __future__ import annotations

from crmarena.errors import CrmarenaError
from crmarena.store.base import QueryLimits
from crmarena.store.cypher_text import Token, code, tokenize

# Clause and command words that write data, schema, users or databases, or run outside one statement.
WRITE_WORDS = frozenset("""
    CREATE MERGE SET DELETE DETACH REMOVE DROP FOREACH LOAD ALTER GRANT DENY REVOKE RENAME USE TERMINATE
    COPY INSTALL ATTACH IMPORT EXPORT CHECKPOINT PERIODIC TRANSACTIONS BEGIN COMMIT ROLLBACK EXPLAIN
    PROFILE FINISH INSERT
""".split())
# Words that are administration only before these (``start`` alone may name a variable).
ADMIN_BEFORE = {"START": {"DATABASE", "SERVER"}, "STOP": {"DATABASE", "SERVER"},
                "ENABLE": {"SERVER", "USER"}, "DISABLE": {"SERVER", "USER"}, "SUSPEND": {"USER"}}

# Procedures a read-only query may CALL (Neo4j names, and the embedded engine's own catalogue calls).
READ_PROCEDURES = frozenset({
    "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships", "db.labels",
    "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties", "show_tables", "table_info", "show_connection",
})

# Command words refused wherever they stand as code (SHOW ... lists settings, users, transactions;
# CYPHER at the start is a pre-parser option line, which must not reach the engine's EXPLAIN prefix).
COMMAND_WORDS = frozenset({"SHOW", "CYPHER"})
OPENING = "([{"
CLOSING = ")]}"


def check_bounds(cypher: str, limits: QueryLimits) -> None:
    """Refuse a statement longer than ``limits.max_chars`` or nested deeper than ``limits.max_depth``.

    Depth counts every bracket in the raw text, strings and comments included, so no lexer can
    disagree with an engine about it (a legitimate query never comes near the limit).
    """
    if len(cypher) > limits.max_chars:
        raise CrmarenaError(f"refused: the query has {len(cypher)} characters, more than the limit of "
                            f"{limits.max_chars} (pass long lists as $parameters)")
    depth = deepest = 0
    for ch in cypher:
        if ch in OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise CrmarenaError(f"refused: the query nests brackets deeper than the limit of "
                                        f"{limits.max_depth} levels")
        elif ch in CLOSING and depth:
            depth -= 1


def _refuse(what: str) -> CrmarenaError:
    return CrmarenaError(f"refused: {what} — queries are read-only (no CREATE, MERGE, SET, DELETE, REMOVE, "
                         "LOAD CSV, schema or administration commands, writing procedures)")


def _procedure(toks: list[Token], i: int) -> str:
    """The dotted procedure name starting at ``toks[i]`` (lower-cased)."""
    parts, j = [], i
    while j < len(toks) and toks[j].kind in ("name", "quoted"):
        parts.append(toks[j].name)
        if j + 1 < len(toks) and toks[j + 1].text == ".":
            j += 2
        else:
            break
    return ".".join(parts).lower()


def check_read_only(cypher: str) -> None:
    """Raise a one-line CrmarenaError if ``cypher`` is not lexically a single read-only statement."""
    tokens = tokenize(cypher)
    for tok in tokens:
        if tok.kind not in ("string", "comment", "quoted") and not tok.text.isascii():
            bad = next(ch for ch in tok.text if not ch.isascii())
            raise CrmarenaError(f"refused: the character U+{ord(bad):04X} outside a string, comment or "
                                "backticked name (write Cypher keywords, names and spaces in ASCII)")
    toks = code(tokens)
    if not toks:
        raise CrmarenaError("empty query")
    for i, t in enumerate(toks):
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.kind == "op" and t.text == ";":
            if any(x.text != ";" for x in toks[i + 1:]):
                raise _refuse("more than one statement")
            continue
        if t.kind != "name" or prev == "." or (nxt is not None and nxt.text == ":" and prev in ("{", ",")):
            continue  # a property name (n.set) or a map key ({set: 1}) is not a clause
        word = t.upper
        if word in ("APOC", "DBMS", "GDS") and nxt is not None and nxt.text == ".":
            raise _refuse(f"{t.text}.* procedures and functions")
        if word in WRITE_WORDS:
            raise _refuse(f"'{t.text}'")
        if word in ADMIN_BEFORE and nxt is not None and nxt.upper in ADMIN_BEFORE[word]:
            raise _refuse(f"administration command {t.text} {nxt.text}")
        if word in COMMAND_WORDS:
            raise _refuse(f"command {t.text}" + (f" {nxt.text}" if nxt is not None else ""))
        if word == "CALL":
            if nxt is None or nxt.kind not in ("name", "quoted"):
                raise _refuse("CALL subquery")
            proc = _procedure(toks, i + 1)
            if proc not in READ_PROCEDURES:
                raise _refuse(f"procedure {proc}")
    return None
