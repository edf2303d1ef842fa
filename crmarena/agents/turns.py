"""What every framework records about each model call, and the rules it applies to a reply.

A turn record (one per model call, in ``Episode.turn_log``): seconds, input/output tokens, why the
reply ended (``finish``: stop | length | tool_calls | other provider words, None when the provider
says nothing), how many tool calls were read from the reply's text, and which tool calls could not
be read. Rules shared by the frameworks:

- ``cut_off``: the reply ended at the token limit (a half-written answer is never taken as final);
- ``degenerate``: the reply repeats one sentence or one fragment over and over (small models at
  temperature 0 do: "I will now query ... I will now query ..."); such a reply is cut at its
  first repeat and the model is told so;
- ``RepeatStop``: the same refused reply (no usable action) three times in a row ends the episode
  (``stop_rule: repetition``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage

_FINISH_KEYS = ("finish_reason", "stop_reason", "done_reason")
_LENGTH = {"length", "max_tokens", "max_output_tokens", "model_length"}
_STOP = {"stop", "end_turn", "stop_sequence", "eos", "complete"}
_TOOLS = {"tool_calls", "tool_use", "function_call"}
_SENTENCE_RE = re.compile(r"[^.!?\n]{12,}[.!?\n]")
REPEAT_LIMIT = 3          # a sentence this many times in one reply, or the same reply this many turns


def finish_reason(reply: AIMessage) -> str | None:
    """Why a reply ended, in one vocabulary over providers: stop, length, tool_calls (or the provider's word)."""
    meta = getattr(reply, "response_metadata", None) or {}
    raw = next((meta[k] for k in _FINISH_KEYS if meta.get(k)), None)
    if raw is None:
        return "tool_calls" if reply.tool_calls else None
    word = str(raw).lower().rsplit(".", 1)[-1]
    if word in _LENGTH:
        return "length"
    if word in _TOOLS:
        return "tool_calls"
    return "stop" if word in _STOP else word


def cut_off(reply: AIMessage) -> bool:
    return finish_reason(reply) == "length"


def degenerate(text: str) -> str | None:
    """``text`` cut just before its degenerate repetition, or None if it does not repeat itself."""
    starts: dict[str, list[int]] = {}
    for m in _SENTENCE_RE.finditer(text):
        key = " ".join(m.group(0).split()).lower()
        starts.setdefault(key, []).append(m.start())
        if len(starts[key]) >= REPEAT_LIMIT:
            return text[:starts[key][1]].rstrip()
    tail = text[-400:]
    for size in range(4, 101):                # a fragment repeated back to back: "123123123123..."
        unit = tail[-size:]
        if unit.strip() and tail.endswith(unit * max(4, -(-40 // size))):
            return text[:len(text) - len(tail) + tail.find(unit * 2) + size].rstrip()
    return None


@dataclass
class RepeatStop:
    """Counts identical consecutive replies; ``seen`` is True when the episode must stop."""

    last: str | None = None
    count: int = 0

    def seen(self, text: str) -> bool:
        key = " ".join(text.split())
        self.count = self.count + 1 if key == self.last else 1
        self.last = key
        return self.count >= REPEAT_LIMIT

    def reset(self) -> None:
        self.last, self.count = None, 0


@dataclass
class TurnLog:
    """The turn records of one episode."""

    turns: list[dict[str, Any]] = field(default_factory=list)

    def add(self, reply: AIMessage, seconds: float, *, from_text: int = 0,
            unparsed: list[str] | None = None) -> dict[str, Any]:
        meta = getattr(reply, "usage_metadata", None) or {}
        rec = {"turn": len(self.turns) + 1, "seconds": round(seconds, 3),
               "input_tokens": meta.get("input_tokens"), "output_tokens": meta.get("output_tokens"),
               "finish": finish_reason(reply), "tool_calls": len(reply.tool_calls),
               "tool_calls_from_text": from_text,
               "unparsed_tool_calls": list(unparsed or []) + [_invalid(c) for c in reply.invalid_tool_calls]}
        timing = (getattr(reply, "response_metadata", None) or {}).get("timings")
        if timing:
            rec["timings"] = timing
        self.turns.append(rec)
        return rec

    def note(self, **fields: Any) -> None:
        """Add fields to the last turn (e.g. the feedback the harness gave for it)."""
        if self.turns:
            self.turns[-1].update(fields)


def _invalid(call: dict[str, Any]) -> str:
    return f"{call.get('name') or '?'}: {' '.join(str(call.get('error') or call.get('args') or '').split())[:200]}"
