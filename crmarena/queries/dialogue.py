"""The user's side of an instance in multi-turn mode: what they say first, and the facts they hold back.

A task's ``phrases.yaml`` has an ``interactive`` block: ``opening`` (one or more templates; the first
whose slots the instance's question has is used) and ``facts`` (a slot, the words of a question that
asks for it, and the sentence that reveals it). The slot values are read back from the instance's own
question: its ``template_id`` names the template it was rendered from, so aligning the two recovers
every fill-in exactly (no field is added to the task file). A task without an ``interactive`` block
opens with the whole question and holds nothing back.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from crmarena.errors import CrmarenaError
from crmarena.queries.model import TaskInstance


@dataclass(frozen=True)
class Fact:
    slot: str
    ask: tuple[str, ...]       # words of a question asking for it (lower case)
    say: str                   # the sentence revealing it

    def asked_by(self, text: str) -> bool:
        low = text.lower()
        return any(re.search(rf"\b{re.escape(w)}", low) for w in self.ask)


@dataclass(frozen=True)
class UserScript:
    """What a simulated user knows of an instance: the opening message and the facts held back."""

    opening: str
    facts: tuple[Fact, ...]


# The shape of a slot's value where two slots may touch ("{n_cases} {window}", "{product} {window}").
SHAPES = {"window": r"in .+?", "Window": r"In .+?", "n_cases": r"\d+ cases?", "threshold": r"\d+",
          "product_id": r"[0-9A-Za-z]{15,18}", "case_id": r"[0-9A-Za-z]{15,18}"}


def slots_of(template: str, text: str) -> dict[str, str]:
    """The fill-ins of ``template`` in ``text`` (the text the template rendered); a mismatch is an error."""
    pattern, names = "", []
    for literal, field, _, _ in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if field:
            pattern += f"(?P={field})" if field in names else f"(?P<{field}>{SHAPES.get(field, '.+?')})"
            names.append(field)
    m = re.fullmatch(pattern, text.strip(), re.S)
    if m is None or template.format_map(m.groupdict()).strip() != text.strip():
        raise CrmarenaError("the question does not match its template")
    slots = m.groupdict()
    for low, cap in (("window", "Window"),):   # a slot used capitalised at a sentence start
        if cap in slots and low not in slots:
            slots[low] = slots[cap][0].lower() + slots[cap][1:]
        if low in slots and cap not in slots:
            slots[cap] = slots[low][0].upper() + slots[low][1:]
    return slots


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def user_script(instance: TaskInstance) -> UserScript:
    """The scripted user's knowledge of ``instance`` (from its task's phrase file and its own question)."""
    from crmarena.tasks.registry import get_task

    phrases = get_task(instance.task).phrases
    block = phrases.interactive
    if not block:
        return UserScript(instance.query, ())
    template_id = instance.template_id.removeprefix(f"{instance.task}.")
    template = next((t.text for t in phrases.questions if t.id == template_id), None)
    if template is None:
        raise CrmarenaError(f"instance {instance.idx}: no question template {instance.template_id!r}")
    try:
        slots = slots_of(template, instance.query)
    except CrmarenaError:
        raise CrmarenaError(f"instance {instance.idx}: its question does not match {instance.template_id}") from None
    opening = next((o for o in block["opening"] if _fields(o) <= slots.keys()), None)
    if opening is None:
        return UserScript(instance.query, ())
    facts = tuple(Fact(f["slot"], tuple(w.lower() for w in f["ask"]), f["say"].format_map(slots))
                  for f in block.get("facts", []) if _fields(f["say"]) <= slots.keys())
    return UserScript(opening.format_map(slots), facts)
