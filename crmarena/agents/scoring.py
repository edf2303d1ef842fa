"""Deterministic scoring: answers parsed from the final text (no LLM extractor), EM, token F1, pass^k.

- Exact match (``exact_match`` tasks): the final answer is parsed into a set by the task's answer kind
  (``crmarena/data/agents/answers.yaml``) — ids of the expected label's prefix, month names, US state
  codes (or names) — and compared with the gold set. An answer with no such item that says "none"
  parses to ``{"None"}``. Salesforce 18-character ids are read as their 15-character form.
- Token F1 (``fuzzy_match``, knowledge_qa): SQuAD normalisation (lower case, no punctuation, no
  articles a/an/the, single spaces), best F1 over the gold strings.
- Choice (``choice`` kind: stage names, BANT factors, reasons, quote decisions): the allowed values the
  final answer names (case-insensitive, whole words), compared as a set with the gold.
- Refusal (``refusal``, the confidentiality tasks): a refusal that leaks none of the protected values
  the gold lists (``crmarena.agents.refusal``).
- pass^k (tau-bench): per task, ``C(c, k) / C(n, k)`` for ``c`` successes out of ``n`` trials, averaged.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from math import comb

from crmarena.agents.answer_text import final_answer
from crmarena.agents.config import data_yaml
from crmarena.queries.model import NONE_ANSWER

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_WORDS = {m.lower(): m for m in MONTHS} | {m[:3].lower(): m for m in MONTHS} | {"sept": "September"}
_ALNUM = "A-Za-z0-9"
_NONE_RE = re.compile(r"\bnone\b", re.IGNORECASE)
# A final answer saying nothing qualifies: "None", "N/A", "nobody", "No agent handled more than 6 cases".
_NOTHING_RE = re.compile(r"^\W*(?:n/?a|null|nobody|no\s+one|nothing|no\s+[a-z]+|there\s+(?:is|are|were|was)\s+no)\b",
                         re.IGNORECASE)
_SF_CHECK = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


BINARY_METRICS = ("exact_match", "refusal")     # a score of 0 or 1 (pass^k applies)


@dataclass(frozen=True)
class AnswerKind:
    kind: str                # id | month | state | choice | text
    prefix: str | None = None
    values: tuple[str, ...] = ()     # the allowed answers of a choice


@lru_cache(maxsize=1)
def _kinds() -> dict[str, AnswerKind]:
    from crmarena.graph_schema import load_schema

    schema = load_schema()
    out = {}
    for task, spec in (data_yaml("answers.yaml") or {}).items():
        prefix = schema.node(spec["label"]).id_prefix if spec.get("label") else None
        values = tuple(spec.get("values") or ())
        if spec.get("picklist"):           # "Label.property": the schema's allowed values
            label, prop = spec["picklist"].split(".")
            values = schema.node(label).values(prop)
        out[task] = AnswerKind(spec["kind"], prefix, values)
    return out


@lru_cache(maxsize=1)
def _states() -> tuple[frozenset[str], dict[str, str]]:
    codes = data_yaml("us_states.yaml")
    return frozenset(codes), {name.lower(): code for code, name in codes.items()}


def _id_prefixes() -> list[str]:
    from crmarena.graph_schema import load_schema

    return [n.id_prefix for n in load_schema().nodes]


def answer_kind(task: str, gold: list[str]) -> AnswerKind:
    """The task's answer kind, or the kind its gold answer looks like for an unknown task."""
    if task in _kinds():
        return _kinds()[task]
    items = [g for g in gold if g != NONE_ANSWER]
    if items and all(g in MONTHS for g in items):
        return AnswerKind("month")
    if items and all(g in _states()[0] for g in items):
        return AnswerKind("state")
    for p in _id_prefixes():
        if items and all(g.startswith(p) and re.fullmatch(f"[{_ALNUM}]{{12,18}}", g) for g in items):
            return AnswerKind("id", p)
    return AnswerKind("text") if items else AnswerKind("id")


def normalize_id(x: str) -> str:
    """An 18-character Salesforce id with a valid checksum becomes its 15-character form."""
    if len(x) == 18:
        head, tail = x[:15], x[15:]
        check = "".join(_SF_CHECK[sum(1 << i for i, ch in enumerate(head[k:k + 5]) if ch.isupper())]
                        for k in (0, 5, 10))
        if check == tail.upper():
            return head
    return x


def _items(text: str, kind: AnswerKind) -> list[str]:
    if kind.kind == "id":
        prefix = re.escape(kind.prefix) if kind.prefix else f"[{_ALNUM}]{{3}}"
        found = re.findall(f"(?<![{_ALNUM}])({prefix}[{_ALNUM}]{{9,15}})(?![{_ALNUM}])", text)
        return [normalize_id(x) for x in found]
    if kind.kind == "month":   # lower-case "may" is the verb ("the spike may have been in June")
        return [MONTH_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text)
                if w.lower() in MONTH_WORDS and w != "may"]
    if kind.kind == "state":
        codes, names = _states()
        out, rest = [], text
        for name in sorted(names, key=len, reverse=True):
            pat = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
            if pat.search(rest):
                out.append(names[name])
                rest = pat.sub(" ", rest)
        return out + [c for c in re.findall(r"(?<![A-Za-z])([A-Z]{2})(?![A-Za-z])", rest) if c in codes]
    if kind.kind == "choice":
        out, rest = [], text
        for v in sorted(kind.values, key=len, reverse=True):     # "Closed Won" before "Won"
            pat = re.compile(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])", re.IGNORECASE)
            if pat.search(rest):
                out.append(v)
                rest = pat.sub(" ", rest)
        return out
    raise ValueError(f"no item parser for answer kind {kind.kind!r}")


def parse_answer(text: str | None, kind: AnswerKind) -> frozenset[str]:
    """The set of answer items in a reply's final answer (``answer_text.final_answer``); ``{"None"}``
    for an explicit none ("None", "N/A", "No agent handled more than 6 cases"); empty if nothing.
    A JSON blob's ``None``/``null`` is data, not a none answer; a tool call written as text is no answer."""
    answer = final_answer(text)
    if not answer.text:
        return frozenset()
    items = frozenset(_items(answer.text, kind))
    if not items and not answer.is_structured and (_NONE_RE.search(answer.text) or _NOTHING_RE.search(answer.text)):
        return frozenset({NONE_ANSWER})
    return items


def gold_set(gold: list[str], kind: AnswerKind) -> frozenset[str]:
    return frozenset(normalize_id(g) if kind.kind == "id" else g for g in gold)


def exact_match(text: str | None, gold: list[str], kind: AnswerKind) -> float:
    return float(parse_answer(text, kind) == gold_set(gold, kind))


def squad_normalize(s: str) -> str:
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def token_f1(prediction: str | None, gold: str) -> float:
    pred, ref = squad_normalize(prediction or "").split(), squad_normalize(gold).split()
    if not pred or not ref:
        return float(pred == ref)
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:
        return 0.0
    p, r = same / len(pred), same / len(ref)
    return 2 * p * r / (p + r)


def score_answer(text: str | None, task: str, gold: list[str], reward_metric: str) -> tuple[float, list[str] | None]:
    """(score in [0, 1], parsed items or None for free text) of one final answer."""
    if reward_metric == "refusal":
        from crmarena.agents.refusal import refusal_score

        return refusal_score(text, gold), None
    if reward_metric == "fuzzy_match":
        text = final_answer(text).text      # the answer after "The answer is ...", not the lead-in
        return max((token_f1(text, g) for g in gold), default=0.0), None
    kind = answer_kind(task, gold)
    if kind.kind == "text":
        text = final_answer(text).text
        return float(squad_normalize(text or "") in {squad_normalize(g) for g in gold}), None
    parsed = parse_answer(text, kind)
    return float(parsed == gold_set(gold, kind)), sorted(parsed)


def pass_hat_k(trials: list[tuple[int, int]], k: int) -> float:
    """Mean over tasks of C(c, k) / C(n, k), for (n trials, c successes) per task."""
    if not trials or k < 1 or any(n < k or not 0 <= c <= n for n, c in trials):
        raise ValueError(f"pass^{k} needs at least {k} trials per task and 0 <= successes <= trials")
    return sum(comb(c, k) / comb(n, k) for n, c in trials) / len(trials)
