"""Passes over the translated tokens: Neo4j's meaning of two operators, and ``SKIP 0`` after a WITH's ORDER BY.

- ``a + b`` on strings: the engine concatenates nulls as empty strings (``'a' + null`` is ``'a'``),
  Neo4j gives null. A sum of terms where any term may be a string becomes
  ``CASE WHEN (a) IS NULL OR (b) IS NULL THEN NULL ELSE a + b END``.
- ``s CONTAINS t``: the engine's is false for an empty ``t``, Neo4j's true. Unless ``t`` is a non-empty
  string literal, it becomes ``(s CONTAINS t OR s STARTS WITH t)`` (a prefix is contained, and every
  string starts with '').

Operands are found lexically: an operand extends over brackets and ``CASE … END`` to the nearest
keyword, comma or comparison at its own depth (string predicates and comparisons bind looser than
``+``).
"""

from __future__ import annotations

from crmarena.store.cypher_text import Token, tokenize

OPEN = {"(": ")", "[": "]", "{": "}"}
BOUNDARY_WORDS = frozenset("""AND OR XOR NOT WHERE WHEN THEN ELSE RETURN WITH ORDER BY SKIP LIMIT AS IN IS STARTS
    ENDS CONTAINS DISTINCT MATCH OPTIONAL UNWIND UNION CALL YIELD ON ASC DESC ASCENDING DESCENDING""".split())
BOUNDARY_OPS = frozenset({",", "=", "<>", "<", ">", "<=", ">=", "=~", ";", "|", ":", "->", "<-"})
CLAUSES = {"MATCH", "OPTIONAL", "WITH", "RETURN", "UNWIND", "WHERE", "CALL", "UNION"}
NUMERIC_CALLS = frozenset({"count", "size", "sum", "avg", "abs", "floor", "ceil", "to_int64", "to_double",
                           "date_part", "to_epoch_ms", "coalesce"})

Item = list[Token]   # one token, or a whole bracketed / CASE … END group


def _group(tokens: list[Token]) -> list[Item]:
    """Items at this depth; every group's interior rewritten first."""
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        closer = OPEN.get(t.text) if t.kind == "op" else ("END" if t.upper == "CASE" else None)
        if closer is None:
            items.append([t])
            i += 1
            continue
        depth, j = 0, i
        while j < len(tokens):
            u = tokens[j]
            if (u.kind == "op" and u.text == t.text) or (closer == "END" and u.upper == "CASE"):
                depth += 1
            elif (u.kind == "op" and u.text == closer) or (closer == "END" and u.upper == "END"):
                depth -= 1
                if depth == 0:
                    break
            j += 1
        items.append([t] + rewrite(tokens[i + 1:j]) + tokens[j:j + 1])
        i = j + 1
    return items


def _code(item: Item) -> Token | None:
    return item[0] if item[0].kind not in ("ws", "comment") else None


def _boundary(item: Item) -> bool:
    t = _code(item)
    return t is not None and len(item) == 1 and (t.upper in BOUNDARY_WORDS or (t.kind == "op" and t.text in BOUNDARY_OPS))


def _is(item: Item, kind: str, text: str) -> bool:
    return len(item) == 1 and item[0].kind == kind and item[0].upper == text if kind == "name" else \
        len(item) == 1 and item[0].kind == kind and item[0].text == text


def _span(items: list[Item], i: int) -> tuple[int, int]:
    """The operand span [start, stop) around position ``i`` (boundaries excluded, whitespace trimmed)."""
    lo = i
    while lo > 0 and not _boundary(items[lo - 1]):
        lo -= 1
    hi = i
    while hi < len(items) and not _boundary(items[hi]):
        hi += 1
    while lo < hi and _code(items[lo]) is None:
        lo += 1
    while hi > lo and _code(items[hi - 1]) is None:
        hi -= 1
    return lo, hi


def _flat(items: list[Item]) -> list[Token]:
    return [t for item in items for t in item]


def _maybe_text(term: list[Item]) -> bool:
    code = [item for item in term if _code(item) is not None]
    if not code:
        return False
    first = code[0][0]
    if len(code) == 1 and first.kind == "number":
        return False
    if len(code) == 2 and first.kind == "name" and first.text.lower() in NUMERIC_CALLS and code[1][0].text == "(":
        return False
    return True


def _null_safe_sums(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    i = 0
    while i < len(items):
        if not _is(items[i], "op", "+"):
            out.append(items[i])
            i += 1
            continue
        lo, hi = _span(items, i)
        head = len(out) - (i - lo)
        terms, current = [], []
        for item in items[lo:hi]:
            if _is(item, "op", "+"):
                terms.append(current)
                current = []
            else:
                current.append(item)
        terms.append(current)
        if any(not [x for x in term if _code(x)] for term in terms) or not all(_maybe_text(term) for term in terms):
            out.extend(items[i:hi])
            i = hi
            continue
        nulls: list[Token] = []
        for k, term in enumerate(terms):
            nulls += (tokenize(" OR (") if k else tokenize("(")) + _flat(term) + tokenize(") IS NULL")
        del out[head:]
        out.append(tokenize("CASE WHEN ") + nulls + tokenize(" THEN NULL ELSE ") + _flat(items[lo:hi]) + tokenize(" END"))
        i = hi
    return out


def _contains_empty(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    i = 0
    while i < len(items):
        if not _is(items[i], "name", "CONTAINS"):
            out.append(items[i])
            i += 1
            continue
        lo, _ = _span(items, i - 1) if i else (i, i)
        _, hi = _span(items, i + 1)
        right = items[i + 1:hi]
        code = [x for x in right if _code(x)]
        literal = len(code) == 1 and code[0][0].kind == "string" and len(code[0][0].text) > 2
        head = len(out) - (i - lo)
        if literal or lo == i or not code:
            out.append(items[i])
            i += 1
            continue
        left = _flat(items[lo:i])
        r = _flat(right)
        del out[head:]
        out.append(tokenize("(") + left + tokenize(" CONTAINS ") + r + tokenize(" OR ") + left
                   + tokenize(" STARTS WITH ") + r + tokenize(")"))
        i = hi
    return out


def rewrite(tokens: list[Token]) -> list[Token]:
    """The translated tokens with Neo4j's null-propagating ``+`` on strings and ``CONTAINS ''``."""
    return _flat(_contains_empty(_null_safe_sums(_group(tokens))))


def with_order_skip(tokens: list[Token]) -> list[Token]:
    """Add ``SKIP 0`` after a WITH's ORDER BY that has neither SKIP nor LIMIT."""
    out: list[Token] = []
    clause = [None]      # current clause keyword per bracket depth
    pending = [False]
    for t in tokens:
        word = t.upper
        closing = t.kind == "op" and t.text in ")]}"
        if (word in CLAUSES or closing) and pending[-1]:
            out.extend(tokenize(" SKIP 0 "))
            pending[-1] = False
        if t.kind == "op" and t.text in "([{":
            clause.append(None)
            pending.append(False)
        elif closing:
            clause.pop()
            pending.pop()
        elif word in CLAUSES:
            clause[-1] = word
        elif word == "ORDER" and clause[-1] == "WITH":
            pending[-1] = True
        elif word in ("SKIP", "LIMIT"):
            pending[-1] = False
        out.append(t)
    if pending[-1]:
        out.extend(tokenize(" SKIP 0"))
    return out
