"""The final answer inside a model's reply, before it is parsed into answer items.

Real replies of small models wrap the answer in prose ("OK, the answer is UT."), markdown, code
fences or JSON, and sometimes the final "answer" is a tool call written as text. This module reads
the part of a reply that is the answer, the way a careful human grader would:

- the text after the LAST answer marker ("the answer is", "final answer:", "answer:") when there is one;
- the body of a ``<respond>`` tag written in plain text;
- a JSON object with an ``answer``/``content``/``response`` key: that value; a JSON list: its items;
  a JSON object that is a tool call (``name`` + ``arguments``/``parameters``): no answer at all;
- otherwise the reply as given (markdown emphasis and code fences removed).

``is_structured`` tells the parser that the text was a JSON blob, whose words (``None``, ``null``)
are data, not an answer saying "nothing qualifies".
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any

_MARKER_RE = re.compile(r"\b(?:final\s+answer\s*(?:is\b)?\s*[:=\-]?|answer\s*(?:is\b|:|=))\s*", re.IGNORECASE)
_RESPOND_RE = re.compile(r"<respond>(.*?)(?:</respond\s*>|$)", re.DOTALL | re.IGNORECASE)
_FENCE_RE = re.compile(r"```[A-Za-z]*\s*\n?(.*?)\n?```", re.DOTALL)
_ANSWER_KEYS = ("answer", "content", "response", "final_answer", "result")
_CALL_ARGS = ("arguments", "parameters", "args")


@dataclass(frozen=True)
class FinalAnswer:
    text: str
    is_structured: bool = False     # the reply was JSON: its words are data, not a "none" answer
    is_tool_call: bool = False      # the reply was a tool call written as text: no answer


def _unfence(text: str) -> str:
    m = _FENCE_RE.search(text)
    return m.group(1).strip() if m and not text[:m.start()].strip() else text.strip()


def json_value(text: str) -> Any:
    """A JSON (or Python-literal: None, True, single quotes) object or list in ``text``, else None."""
    text = _unfence(text)
    if not text or text[0] not in "{[":
        return None
    for loader in (json.loads, ast.literal_eval):
        try:
            value = loader(text)
        except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
            continue
        if isinstance(value, (dict, list)):
            return value
    return None


def is_tool_call_json(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("name"), str)
            and any(isinstance(value.get(k), (dict, str)) for k in _CALL_ARGS))


def _flatten(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_flatten(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(_flatten(v) for v in value.values())
    return "None" if value is None else str(value)


def final_answer(reply: str | None) -> FinalAnswer:
    """The part of ``reply`` that is its final answer (see the module docstring)."""
    text = (reply or "").strip()
    if not text:
        return FinalAnswer("")
    respond = _RESPOND_RE.search(text)
    if respond:
        text = respond.group(1).strip()
    value = json_value(text)
    if value is not None:
        if is_tool_call_json(value):
            return FinalAnswer("", is_structured=True, is_tool_call=True)
        if isinstance(value, dict):
            key = next((k for k in _ANSWER_KEYS if k in value), None)
            if key is not None:
                inner = value[key]
                return FinalAnswer(_flatten(inner)) if inner is None or isinstance(inner, str) else \
                    FinalAnswer(_flatten(inner), is_structured=True)
        return FinalAnswer(_flatten(value), is_structured=True)
    text = _unfence(text)
    markers = list(_MARKER_RE.finditer(text))
    if markers:
        after = text[markers[-1].end():].strip()
        if after:
            text = after
    return FinalAnswer(text.replace("**", "").replace("__", "").strip().strip("`").strip())
