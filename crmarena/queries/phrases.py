"""Question phrases of a task, from ``phrases.yaml`` in its folder (``crmarena/tasks/<task>/``).

The file holds ``questions`` (a list of ``{id, text}`` templates with ``{slot}`` fill-ins, several
paraphrases per seed shape), ``required`` and ``optional`` context templates (CRMArena's metadata),
and ``words``: lists of interchangeable words a task draws from (e.g. "shortest", "lowest").
A question template is eligible when the draft provides every slot it names.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from crmarena.errors import CrmarenaError


@dataclass(frozen=True)
class Template:
    id: str
    text: str

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(f for _, f, _, _ in string.Formatter().parse(self.text) if f)


@dataclass(frozen=True)
class TaskPhrases:
    task: str
    questions: tuple[Template, ...]
    contexts: dict[str, str]
    words: dict[str, tuple[str, ...]]
    interactive: dict[str, Any] | None = None     # the multi-turn user's script (see dialogue.py)

    def render_question(self, slots: dict[str, str], rng: np.random.Generator) -> tuple[str, str]:
        eligible = [t for t in self.questions if t.slots <= slots.keys()]
        if not eligible:
            raise CrmarenaError(f"{self.task}: no question template takes the slots {sorted(slots)}")
        t = eligible[int(rng.integers(len(eligible)))]
        return f"{self.task}.{t.id}", t.text.format_map(slots).strip()

    def render(self, which: str, values: dict[str, Any]) -> str:
        text = self.contexts.get(which, "")
        try:
            return text.format_map(values).strip()
        except KeyError as e:
            raise CrmarenaError(f"{self.task}: the {which} context needs the value {e}") from None

    def word(self, name: str, rng: np.random.Generator) -> str:
        options = self.words.get(name)
        if not options:
            raise CrmarenaError(f"{self.task}: no words named {name!r} in its phrase file")
        return options[int(rng.integers(len(options)))]


@lru_cache(maxsize=None)
def load_phrases(task: str, package: str) -> TaskPhrases:
    """The phrase file of ``task``: ``phrases.yaml`` in its family's folder (the package ``package``)."""
    path = resources.files(package) / "phrases.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise CrmarenaError(f"no phrase file for task {task} ({path})") from None
    questions = tuple(Template(str(q["id"]), str(q["text"])) for q in raw.get("questions", []))
    ids = [q.id for q in questions]
    if not questions or len(set(ids)) != len(ids):
        raise CrmarenaError(f"{path}: needs questions with distinct ids")
    contexts = {k: str(raw.get(k, "")) for k in ("required", "optional")}
    words = {k: tuple(str(x) for x in v) for k, v in (raw.get("words") or {}).items()}
    return TaskPhrases(task, questions, contexts, words, _interactive(path, raw.get("interactive")))


def _interactive(path, block: Any) -> dict[str, Any] | None:
    """The ``interactive`` block, checked: ``opening`` (a template or a list) and ``facts`` (slot, ask, say)."""
    if block is None:
        return None
    opening = block.get("opening") if isinstance(block, dict) else None
    opening = [opening] if isinstance(opening, str) else opening
    facts = block.get("facts") or []
    if not opening or not all(isinstance(o, str) for o in opening) or not isinstance(facts, list) or not all(
            isinstance(f, dict) and {"slot", "ask", "say"} <= f.keys() and f["ask"] for f in facts):
        raise CrmarenaError(f"{path}: 'interactive' needs an opening and facts of slot, ask and say")
    return {"opening": [str(o) for o in opening],
            "facts": [{"slot": str(f["slot"]), "ask": [str(w) for w in f["ask"]], "say": str(f["say"])} for f in facts]}
