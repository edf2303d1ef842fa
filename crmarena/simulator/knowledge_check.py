"""Checks of the knowledge base's facts: each question is answered by what its article says.

A fact is fair when
- its short answer is stated verbatim in the article body, in a sentence that contains the fact's cue,
  and every phrasing of the question contains the cue too (a "how long does delivery take" question
  is answered by the sentence about delivery, not by the one about dispatch);
- each phrasing's question word fits the answer: "how many days" is answered in days, "how long" /
  "how soon" with a time (or, for an object, a length), "how often" with a frequency, "how much does
  it cost" with an amount, "how many" with a number;
- phrasings, short answers within an article and accepted spellings are distinct, so an (article,
  answer) pair names one fact.
"""

from __future__ import annotations

import re
from typing import Iterable

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z])")
TIME_UNITS = ("minute", "hour", "day", "week", "month", "year")
LENGTH_UNITS = ("inch", "feet", "foot", "mm", "millimet")
FREQUENCY = ("every", "once", "twice", "annually", "yearly", "daily", "weekly")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "half", "single")
COUNTED = ("business day", "day", "hour", "minute", "week", "month", "year", "mile", "liter", "pound", "ounce",
           "inch", "pair", "character")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def _has(text: str, words: Iterable[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(w)}", low) for w in words)


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d", text)) or _has(text, NUMBER_WORDS)


def _singular(word: str) -> str:
    return next((w for w in (word[:-2], word[:-1]) if w in COUNTED), word.removesuffix("s"))


def shape_problem(question: str, answer: str) -> str | None:
    """Why the answer cannot be what the question word asks for, or None when it fits."""
    q = question.lower()
    counted = re.search(r"\bhow many (business days|[a-z]+)\b", q)
    if counted:
        unit = _singular(counted.group(1))
        if unit in COUNTED and unit not in answer.lower():
            return f"asks how many {counted.group(1)} but the answer {answer!r} is not in {counted.group(1)}"
        if not _has_number(answer):
            return f"asks how many but the answer {answer!r} holds no number"
    if re.search(r"\bhow (soon|quickly)\b|\bwithin how many\b", q) and not _has(answer, TIME_UNITS):
        return f"asks how soon but the answer {answer!r} is no time"
    if re.search(r"\bhow long\b", q) and not _has(answer, TIME_UNITS + LENGTH_UNITS + ("never",)):
        return f"asks how long but the answer {answer!r} is neither a time nor a length"
    if re.search(r"\bhow often\b", q) and not _has(answer, FREQUENCY):
        return f"asks how often but the answer {answer!r} is no frequency"
    if re.search(r"\bhow much\b.*\b(cost|spend)\b", q) and not re.search(r"\$\d|\bfree\b", answer):
        return f"asks for an amount but the answer {answer!r} is none"
    return None


def fact_problems(article, fact) -> list[str]:
    """What is unfair about one fact of an article (empty when it is fair)."""
    where = f"{article.title!r} fact {fact.key}"
    out = []
    cue = fact.cue.lower()
    stating = [s for s in sentences(article.answer) if fact.short_answer in s]
    if not stating:
        out.append(f"{where}: the body does not state the short answer {fact.short_answer!r}")
    elif not any(cue in s.lower() for s in stating):
        out.append(f"{where}: no sentence stating {fact.short_answer!r} mentions the cue {fact.cue!r}")
    for q in fact.questions:
        if cue not in q.lower():
            out.append(f"{where}: the question {q!r} does not mention the cue {fact.cue!r}")
        if not q.endswith("?"):
            out.append(f"{where}: the question {q!r} does not end with '?'")
        shape = shape_problem(q, fact.short_answer)
        if shape:
            out.append(f"{where}: {shape}")
    if len(set(fact.questions)) != len(fact.questions):
        out.append(f"{where}: repeats a phrasing")
    spellings = [a.lower() for a in fact.accepted]
    if len(set(spellings)) != len(spellings):
        out.append(f"{where}: repeats an accepted answer")
    return out


def check_articles(articles) -> list[str]:
    """Every problem of the knowledge base: per fact, and across articles (titles, phrasings)."""
    out = []
    titles = [a.title for a in articles]
    out += [f"two articles are titled {t!r}" for t in sorted({t for t in titles if titles.count(t) > 1})]
    seen: dict[str, str] = {}
    for a in articles:
        shorts = [f.short_answer for f in a.facts]
        out += [f"{a.title!r}: two facts answer {s!r}" for s in sorted({s for s in shorts if shorts.count(s) > 1})]
        for f in a.facts:
            out += fact_problems(a, f)
            for q in f.questions:
                if q.lower() in seen:
                    out.append(f"the question {q!r} is asked by {seen[q.lower()]} and {f.key}")
                seen[q.lower()] = f.key
    return out
