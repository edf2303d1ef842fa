"""Neo4j's meaning of the portable functions and operators, spelled for the embedded engine.

The embedded engine has functions of the same names that mean something else (1-based lists,
1-based ``substring``, ``split`` dropping empty parts, ``to_int64`` rounding floats, ``sum`` of no
rows null, ``to_string`` of floats with six decimals, ``'abc' CONTAINS ''`` false, ``'a' + null``
= ``'a'``). ``dialect`` renders each call through this module, which writes an expression with
Neo4j's result — or, where a value cannot be rendered faithfully, one that makes the query fail
with a ``not portable: …`` message naming the portable spelling.

The engine evaluates every branch of a ``CASE`` (so no branch may fail on any row): out-of-range
list positions are turned into a null list (functions return null on null), never into an index
error. A refusal that depends on a runtime type or value is a cast of the message to an integer,
which the engine reports as "Could not convert "not portable: …" to INT64".
"""

from __future__ import annotations

from functools import lru_cache

from crmarena.errors import CrmarenaError
from crmarena.store.cypher_text import Token, render, tokenize

SENTINEL = "\x01"   # prefixed to every part before splitting, so no part is empty (never in a delimiter);
# removed again with replace(), not substring(): ladybug 0.22's substring() of a lambda's part returns
# a view into a freed buffer, so ORDER BY on such a part read garbage (e.g. split(email, '@')[0] = '')
# engine types whose text is Neo4j's too (to_string), besides BOOL and TIMESTAMP rendered below
TEXT_TYPES = ("STRING", "INT8", "INT16", "INT32", "INT64", "INT128", "UINT8", "UINT16", "UINT32", "UINT64",
              "SERIAL", "BOOL", "DATE", "TIMESTAMP", "NULL")
FLOAT_TYPES = ("DOUBLE", "FLOAT", "DECIMAL")
# calls whose result is a float on both engines (names after translation)
FLOAT_FUNCTIONS = frozenset({"avg", "to_double", "floor", "ceil", "sqrt", "exp", "log", "log10", "rand"})


def ops(text: str) -> list[Token]:
    return tokenize(text)


def _p(arg: list[Token]) -> list[Token]:
    """``(arg)``: every argument is parenthesised where it is spliced into a larger expression."""
    return ops("(") + arg + ops(")")


def refuse_if(cond: list[Token], message: list[Token], value: list[Token]) -> list[Token]:
    """``value``, or a runtime failure carrying ``message`` (a string expression) on rows where ``cond``."""
    return ops("CASE WHEN to_int64(CASE WHEN ") + cond + ops(" THEN concat('not portable: ', ") + message \
        + ops(") ELSE '0' END) = 0 THEN ") + value + ops(" END")


def _text(s: str) -> list[Token]:
    return [Token("string", "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'")]


def _is_text_literal(arg: list[Token], value: str | None = None) -> bool:
    meaningful = [t for t in arg if t.kind not in ("ws", "comment")]
    return len(meaningful) == 1 and meaningful[0].kind == "string" and \
        (value is None or meaningful[0].text[1:-1] == value)


def split(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``split(s, d)``: every part kept, empty ones too; an empty delimiter gives the characters."""
    if len(args) != 2:
        raise CrmarenaError("split() takes a string and a delimiter in the portable Cypher subset")
    s, d = _p(args[0]), _p(args[1])
    parts = ops(f"list_transform(string_split(concat('{SENTINEL}', replace(") + s + ops(", ") + d \
        + ops(f", concat(") + d + ops(f", '{SENTINEL}'))), CASE WHEN ") + d + ops(" = '' THEN ',' ELSE ") + d \
        + ops(f" END), _crm_part -> replace(_crm_part, '{SENTINEL}', ''))")
    if _is_text_literal(args[1]) and not _is_text_literal(args[1], ""):
        return ops("CASE WHEN ") + s + ops(" IS NULL THEN NULL ELSE ") + parts + ops(" END")
    chars = ops("string_split(CASE WHEN ") + s + ops(" = '' THEN 'x' ELSE ") + s + ops(" END, '')")
    return ops("CASE WHEN ") + s + ops(" IS NULL OR ") + d + ops(" IS NULL THEN NULL WHEN ") + d \
        + ops(" = '' AND ") + s + ops(" = '' THEN [''] WHEN ") + d + ops(" = '' THEN ") + chars \
        + ops(" ELSE ") + parts + ops(" END")


def substring(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``substring(s, start[, length])``: 0-based start; negative start or length fails."""
    if len(args) not in (2, 3):
        raise CrmarenaError("substring() takes (string, start) or (string, start, length)")
    s, start = _p(args[0]), _p(args[1])
    length = _p(args[2]) if len(args) == 3 else ops("size(") + s + ops(")")
    value = ops("substring(") + s + ops(", ") + start + ops(" + 1, ") + length + ops(")")
    cond = start + ops(" < 0") + (ops(" OR ") + length + ops(" < 0") if len(args) == 3 else [])
    return refuse_if(cond, _text("substring() with a negative start or length fails on Neo4j"), value)


def left_right(name: str, args: list[list[Token]]) -> list[Token]:
    """Neo4j ``left(s, n)`` / ``right(s, n)``: a negative n fails (the engine would count from the end)."""
    if len(args) != 2:
        raise CrmarenaError(f"{name}() takes a string and a length")
    value = ops(f"{name}(") + _p(args[0]) + ops(", ") + _p(args[1]) + ops(")")
    return refuse_if(_p(args[1]) + ops(" < 0"), _text(f"{name}() with a negative length fails on Neo4j"), value)


def replace(args: list[list[Token]]) -> list[Token]:
    """``replace(s, search, by)``: an empty ``search`` inserts ``by`` between characters on Neo4j only."""
    if len(args) != 3:
        raise CrmarenaError("replace() takes a string, a search string and a replacement")
    value = ops("replace(") + _p(args[0]) + ops(", ") + _p(args[1]) + ops(", ") + _p(args[2]) + ops(")")
    if _is_text_literal(args[1]) and not _is_text_literal(args[1], ""):
        return value
    return refuse_if(_p(args[1]) + ops(" = ''"), _text("replace() with an empty search string"), value)


def to_upper(args: list[list[Token]]) -> list[Token]:
    """Neo4j (Java) upper-cases ß as SS; the engine as ẞ."""
    return ops("upper(replace(") + _join(args) + ops(", 'ß', 'SS'))")


def total(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``sum`` of no rows (or only nulls) is 0; the engine's is null."""
    return ops("coalesce(sum(") + _join(args) + ops("), 0)")


def to_string(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``toString``: booleans ``true``/``false``, datetimes ISO with ``Z``; floats are refused (Java
    prints the shortest round-trip digits, the engine six decimals), as are lists, maps and nodes."""
    if len(args) != 1:
        raise CrmarenaError("toString() takes one value")
    x = _p(args[0])
    value = ops("CASE typeof(") + x + ops(") WHEN 'BOOL' THEN lower(to_string(") + x \
        + ops(")) WHEN 'TIMESTAMP' THEN concat(replace(to_string(") + x + ops("), ' ', 'T'), 'Z') ELSE to_string(") \
        + x + ops(") END")
    allowed = ", ".join(f"'{t}'" for t in TEXT_TYPES)
    message = ops("'toString() of a ', typeof(") + x + ops("), ' prints differently on Neo4j (return the value "
                                                          "and format it in Python)'")
    return refuse_if(ops("NOT typeof(") + x + ops(f") IN [{allowed}]"), message, value)


@lru_cache(maxsize=1)
def float_properties() -> frozenset[str]:
    """Property names that are FLOAT on every label that has them."""
    from crmarena.graph_schema import load_schema

    types: dict[str, set[str]] = {}
    for n in load_schema().nodes:
        for p in n.properties:
            types.setdefault(p.name, set()).add(p.type)
    return frozenset(name for name, ts in types.items() if ts == {"FLOAT"})



def is_float(arg: list[Token]) -> bool:
    """Is ``arg`` (translated) a float on both engines: a float literal, a float-valued call, or a property
    that is FLOAT on every label that has it?"""
    code = [t for t in arg if t.kind not in ("ws", "comment")]
    if code and code[0].text in ("-", "+"):
        code = code[1:]
    if len(code) == 1 and code[0].kind == "number":
        return any(c in code[0].text for c in ".eE")
    if len(code) >= 3 and code[0].kind == "name" and code[1].text == "(" and code[-1].text == ")":
        return code[0].text.lower() in FLOAT_FUNCTIONS
    if len(code) == 3 and code[1].text == "." and code[2].kind in ("name", "quoted"):
        return code[2].name in float_properties()
    return False


def to_integer(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``toInteger`` truncates floats toward zero; the engine rounds. A float argument the dialect can
    see is truncated; any other float, a boolean, or a string that is not an integer is refused at run time."""
    if len(args) != 1:
        raise CrmarenaError("toInteger() takes one value")
    x = _p(args[0])
    if is_float(args[0]):
        return ops("to_int64(CASE WHEN ") + x + ops(" < 0 THEN ceil(") + x + ops(") ELSE floor(") + x + ops(") END)")
    floats = ", ".join(f"'{t}'" for t in FLOAT_TYPES)
    cond = ops("typeof(") + x + ops(f") IN [{floats}, 'BOOL'] OR (typeof(") + x \
        + ops(") = 'STRING' AND NOT regexp_full_match(to_string(") + x + ops("), '-?[0-9]+'))")
    message = ops("'toInteger() of a ', typeof(") + x + ops("), ' other than an integer string differs on Neo4j "
                                                           "(write toInteger(floor(x)) for a float)'")
    return refuse_if(cond, message, ops("to_int64(") + x + ops(")"))


def _join(args: list[list[Token]]) -> list[Token]:
    res: list[Token] = []
    for k, a in enumerate(args):
        if k:
            res.extend(ops(", "))
        res.extend(a)
    return res


def subscript(atom: list[Token], index: list[Token]) -> list[Token]:
    """Neo4j ``x[i]``: 0-based, negative from the end, null when out of range (the engine: 1-based, fails)."""
    if _is_text_literal(index):
        raise CrmarenaError(f"x[{render(index).strip()}] (a key lookup) is not in the portable Cypher subset: "
                            "write x.key")
    x, i = _p(atom), _p(index)
    size = ops("size(") + x + ops(")")
    inside = ops("CASE WHEN ") + i + ops(" < ") + size + ops(" AND ") + i + ops(" >= -") + size \
        + ops(" THEN ") + x + ops(" ELSE NULL END")
    position = ops("CASE WHEN ") + i + ops(" < 0 THEN ") + size + ops(" + ") + i + ops(" + 1 ELSE ") + i \
        + ops(" + 1 END")
    return ops("list_extract(") + inside + ops(", ") + position + ops(")")


def slice_(atom: list[Token], start: list[Token], end: list[Token]) -> list[Token]:
    """Neo4j ``x[a..b]``: 0-based, end exclusive, negative from the end, clamped; a null bound gives null."""
    x = _p(atom)
    size = ops("size(") + x + ops(")")
    if start:
        a = _p(start)
        first = ops("CASE WHEN ") + a + ops(" < 0 THEN (CASE WHEN ") + size + ops(" + ") + a + ops(" < 0 THEN 1 ELSE ") \
            + size + ops(" + ") + a + ops(" + 1 END) ELSE ") + a + ops(" + 1 END")
    else:
        first = ops("1")
    if end:
        b = _p(end)
        last = ops("CASE WHEN ") + b + ops(" < 0 THEN (CASE WHEN ") + size + ops(" + ") + b + ops(" < 0 THEN 0 ELSE ") \
            + size + ops(" + ") + b + ops(" END) ELSE ") + b + ops(" END")
    else:
        last = size
    return ops("list_slice(") + x + ops(", ") + first + ops(", ") + last + ops(")")


def list_end(name: str, args: list[list[Token]]) -> list[Token]:
    """Neo4j ``head(l)``, ``last(l)``, ``tail(l)`` (the engine has none): ``l[0]``, ``l[-1]``, ``l[1..]``."""
    if len(args) != 1:
        raise CrmarenaError(f"{name}() takes one list")
    if name == "tail":
        return slice_(args[0], ops("1"), [])
    return subscript(args[0], ops("0" if name == "head" else "-1"))


def reverse(args: list[list[Token]]) -> list[Token]:
    """``reverse`` of a string is the same on both; of a list the engine reverses its text."""
    if len(args) != 1:
        raise CrmarenaError("reverse() takes one value")
    x = _p(args[0])
    return refuse_if(ops("ends_with(typeof(") + x + ops("), ']')"),
                     _text("reverse() of a list (sort or reverse it in Python)"), ops("reverse(") + x + ops(")"))


def natural_log(args: list[list[Token]]) -> list[Token]:
    """Neo4j ``log`` is the natural logarithm; the engine's ``log`` is base 10 (``ln`` is natural)."""
    return ops("ln(") + _join(args) + ops(")")


# lower-cased Neo4j function name -> its rendering from the translated arguments
NEO4J_MEANING = {
    "split": split, "substring": substring, "left": lambda a: left_right("left", a),
    "right": lambda a: left_right("right", a), "replace": replace, "toupper": to_upper,
    "sum": total, "tostring": to_string,
    "tointeger": to_integer, "head": lambda a: list_end("head", a),
    "last": lambda a: list_end("last", a), "tail": lambda a: list_end("tail", a),
    "reverse": reverse, "log": natural_log,
}
