"""A small Cypher lexer: enough to check a statement for writes and to re-spell it for another engine.

It splits text into tokens (names, backticked names, parameters, strings, numbers, punctuation,
comments, whitespace) without parsing the grammar; rendering the tokens gives the text back
unchanged. Both ``readonly`` (the lexical write check) and ``dialect`` (the translation point)
work on these tokens, so strings and comments never trigger either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crmarena.errors import CrmarenaError

# Every character some engine or Unicode ends a line at: a ``//`` comment stops at the first of them,
# so that text an engine reads as code after it is code here too (when in doubt, more is code).
LINE_TERMINATORS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|`(?:[^`]|``)*`))
  | (?P<number>(?:\d+\.\d+|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op><>|<=|>=|=~|->|<-|\.\.|\+=|::|[-+*/%^=<>(){}\[\],.:;|!?&@#~\\])
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str   # ws, comment, string, quoted, param, number, name, op
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "name" else ""

    @property
    def name(self) -> str:
        """The identifier a name or backticked name stands for."""
        if self.kind == "quoted":
            return self.text[1:-1].replace("``", "`")
        return self.text


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text``; an unterminated string, comment or backtick is a CrmarenaError."""
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            snippet = text[pos:pos + 20]
            raise CrmarenaError(f"cannot read the Cypher text at {snippet!r} (unterminated string, comment or "
                                "backtick, or a character Cypher does not use)")
        tokens.append(Token(m.lastgroup, m.group()))
        pos = m.end()
    return tokens


def code(tokens: list[Token]) -> list[Token]:
    """The tokens that mean something: without whitespace and comments."""
    return [t for t in tokens if t.kind not in ("ws", "comment")]


def render(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


def matching(tokens: list[Token], i: int) -> int:
    """Index of the bracket closing the one at ``tokens[i]`` (forward) or opening it (backward)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    back = {v: k for k, v in pairs.items()}
    open_, step = (tokens[i].text, 1) if tokens[i].text in pairs else (tokens[i].text, -1)
    close = pairs.get(open_) or back[open_]
    depth, j = 0, i
    while 0 <= j < len(tokens):
        t = tokens[j]
        if t.kind == "op" and t.text == open_:
            depth += 1
        elif t.kind == "op" and t.text == close:
            depth -= 1
            if depth == 0:
                return j
        j += step
    raise CrmarenaError(f"unbalanced {open_!r} in the Cypher text")


_RETURN_END = {"ORDER", "SKIP", "LIMIT", "UNION"}


def return_columns(text: str) -> list[str] | None:
    """The column names Neo4j gives the last RETURN's items (alias, else the item's text as written).

    None for ``RETURN *`` or when there is no RETURN.
    """
    toks = tokenize(text)
    depth, start = 0, None
    for i, t in enumerate(toks):
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        elif depth == 0 and t.upper == "RETURN":
            start = i + 1
    if start is None:
        return None
    items, current, depth = [], [], 0
    for t in toks[start:]:
        if depth == 0 and (t.upper in _RETURN_END or (t.kind == "op" and t.text == ";")):
            break
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text == ",":
            items.append(current)
            current = []
        else:
            current.append(t)
    items.append(current)
    names = []
    for item in items:
        meaningful = code(item)
        if meaningful and meaningful[0].upper == "DISTINCT" and not names:
            item = item[item.index(meaningful[0]) + 1:]
            meaningful = meaningful[1:]
        if not meaningful or (len(meaningful) == 1 and meaningful[0].text == "*"):
            return None
        if len(meaningful) >= 3 and meaningful[-2].upper == "AS":
            names.append(meaningful[-1].name)
        else:
            names.append(render(item).strip())
    return names
