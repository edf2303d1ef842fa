"""The lexical write check run before every read-only query, for a clear one-line refusal.

It is the *second* guard: the real one is the engine's read-only mode (Neo4j READ access-mode
transactions, the embedded database opened ``read_only=True``), which refuses whatever this check
lets through. The check looks at code tokens only (strings, comments and backticked names can say
anything), after Unicode NFKC folding so full-width or compatibility letters spell the same words.
"""

from __future__ import annotations

import unicodedata

from crmarena.errors import CrmarenaError
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

# SHOW is allowed for schema introspection only (SHOW USERS, DATABASES, ... are administration).
SHOW_OK = frozenset({"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "FUNCTION", "FUNCTIONS",
                     "PROCEDURE", "PROCEDURES", "ALL", "BUILT", "BUILTIN", "RANGE", "FULLTEXT", "TEXT",
                     "POINT", "LOOKUP", "UNIQUE", "EXIST", "EXISTENCE", "NODE", "RELATIONSHIP", "KEY"})


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
    """Raise a one-line CrmarenaError if ``cypher`` is not a single read-only statement."""
    folded = unicodedata.normalize("NFKC", cypher)
    toks = code(tokenize(folded))
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
        if word == "SHOW" and (nxt is None or nxt.upper not in SHOW_OK):
            raise _refuse("administration command SHOW " + (nxt.text if nxt else ""))
        if word == "CALL":
            if nxt is None or nxt.kind not in ("name", "quoted"):
                raise _refuse("CALL subquery")
            proc = _procedure(toks, i + 1)
            if proc not in READ_PROCEDURES:
                raise _refuse(f"procedure {proc}")
    return None
