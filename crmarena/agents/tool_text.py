"""Tool calls written as text, read into structured tool calls.

Small open models (and OpenAI-compatible local servers that do not parse their own template's tool
blocks) write a tool call in the reply's text instead of the tool-calling channel. The forms read:

- ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>`` blocks (Qwen, Hermes templates; several);
- a reply that is one JSON object or a list of them, bare or in a code fence, with ``name`` and
  ``arguments`` / ``parameters`` / ``args`` (an OpenAI-style ``{"function": {...}}`` too);
- ``<|python_tag|>`` followed by such JSON (Llama 3 templates);
- one Python-style call of a known tool, ``get_cases(start_date="...")``, bare or in a
  ``tool_code``/``python`` fence (Gemma's habit).

A block that is plainly meant as a tool call but cannot be read (unknown tool, broken JSON) is
reported as a problem, so the agent is told "call a tool or respond" instead of scoring the text.
"""

from __future__ import annotations

import ast
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from crmarena.agents.answer_text import json_value

_BLOCK_RE = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_FENCE_RE = re.compile(r"```([A-Za-z_]*)\s*\n?(.*?)\n?```", re.DOTALL)
_PY_TAG = "<|python_tag|>"
_ARGS = ("arguments", "parameters", "args", "input")


@dataclass
class TextToolCalls:
    calls: list[dict[str, Any]] = field(default_factory=list)   # LangChain tool calls: name, args, id
    problems: list[str] = field(default_factory=list)           # tool-call-like text that could not be read

    @property
    def found(self) -> bool:
        return bool(self.calls or self.problems)


def _new_id() -> str:
    return f"text_{uuid.uuid4().hex[:12]}"


def _from_json(value: Any, known: set[str], out: TextToolCalls) -> bool:
    """Add the calls of a JSON value; False if it does not look like a tool call at all."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, dict) and ("name" in v or "function" in v) for v in items):
        return False
    for item in items:
        item = item.get("function") if isinstance(item.get("function"), dict) else item
        name = item.get("name")
        args = next((item[k] for k in _ARGS if k in item), {})
        if isinstance(args, str):
            try:
                args = json.loads(args) if args.strip() else {}
            except json.JSONDecodeError:
                out.problems.append(f"{name}: arguments are not JSON")
                continue
        if not isinstance(name, str) or name not in known:
            out.problems.append(f"unknown tool {name!r}")
        elif not isinstance(args, dict):
            out.problems.append(f"{name}: arguments must be a JSON object")
        else:
            out.calls.append({"name": name, "args": args, "id": _new_id(), "type": "tool_call"})
    return True


def _from_python(text: str, known: set[str], out: TextToolCalls) -> bool:
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return False
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in known):
        return False
    try:
        args = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
    except (ValueError, SyntaxError):
        out.problems.append(f"{node.func.id}: arguments must be literal values")
        return True
    if node.args:
        out.problems.append(f"{node.func.id}: pass arguments by name")
        return True
    out.calls.append({"name": node.func.id, "args": args, "id": _new_id(), "type": "tool_call"})
    return True


def read_tool_calls(text: str, known: set[str]) -> TextToolCalls:
    """The tool calls written in ``text`` for tools named in ``known`` (see the module docstring)."""
    out = TextToolCalls()
    text = text or ""
    blocks = _BLOCK_RE.findall(text)
    if blocks:
        for block in blocks:
            value = json_value(block)
            if value is None or not _from_json(value, known, out):
                if not _from_python(block, known, out):
                    out.problems.append(f"unreadable tool call: {' '.join(block.split())[:120]}")
        return out
    if _PY_TAG in text:
        text = text.split(_PY_TAG, 1)[1]
    fences = _FENCE_RE.findall(text)
    candidates = [body for _, body in fences] if fences else [text]
    for body in candidates:
        value = json_value(body)
        if value is not None:
            _from_json(value, known, out)
        elif fences or "\n" not in body.strip():
            _from_python(body, known, out)
    return out
