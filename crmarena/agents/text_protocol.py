"""The Act/ReAct text protocol: ``<thought>``, then one of ``<execute>``, ``<search>``, ``<respond>``.

Search in the text protocol is its own tag (``<search>WORDS</search>``, optionally
``<search index="knowledge_text|product_text">``) rather than a Cypher procedure call: full-text
procedures differ between Neo4j and the embedded engine, a tag reads the same on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS = ("execute", "search", "respond")
_ACTION_RE = re.compile(r"<(execute|search|respond)(\s+[^>]*)?>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_THOUGHT_RE = re.compile(r"<thought>(.*?)</thought\s*>", re.DOTALL | re.IGNORECASE)
_INDEX_RE = re.compile(r"""index\s*=\s*["']?([A-Za-z_]+)["']?""")
_FENCE_RE = re.compile(r"^```[A-Za-z]*\s*\n?(.*?)\n?```$", re.DOTALL)


@dataclass(frozen=True)
class Action:
    kind: str                 # execute | search | respond
    body: str
    index: str | None = None  # search only
    thought: str | None = None


def _strip_fence(text: str) -> str:
    text = text.strip()
    m = _FENCE_RE.match(text)
    return m.group(1).strip() if m else text


def parse_action(output: str, require_thought: bool) -> Action | None:
    """The first action of a model output, or None if the output breaks the protocol."""
    m = _ACTION_RE.search(output or "")
    if not m:
        return None
    thought = None
    if require_thought:
        t = _THOUGHT_RE.search(output[:m.start()])
        if not t or not t.group(1).strip():
            return None
        thought = t.group(1).strip()
    kind, attrs, body = m.group(1).lower(), m.group(2) or "", m.group(3)
    index = None
    if kind == "search":
        im = _INDEX_RE.search(attrs)
        index = im.group(1) if im else None
    body = _strip_fence(body) if kind == "execute" else body.strip()
    if kind != "respond" and not body:
        return None
    return Action(kind, body, index, thought)
