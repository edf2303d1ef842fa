"""Knowledge articles: the company policies (policies.yaml) first, then the help articles and the
product category guides (knowledge.yaml), in file order.

Policy article k is row k, so a case's breached policy index is also its KnowledgeArticle row.
Each article carries the facts knowledge QA asks about (``Fact``): a customer question in several
phrasings, the short answer the article's body states verbatim, and accepted alternative spellings.
The data is checked when read (``crmarena.simulator.knowledge_check``): a fact whose answer is not in
its article, or whose question asks something its answer sentence does not say, is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crmarena.errors import CrmarenaError
from crmarena.simulator.config import data


class FactSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ask: list[str] = Field(min_length=1)
    cue: str = Field(min_length=2)
    short: str = Field(min_length=1)
    also: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Fact:
    key: str                      # "<article key>/<1-based fact number>"
    questions: tuple[str, ...]    # phrasings of the customer's question
    short_answer: str             # stated verbatim in the article body
    cue: str                      # shared by every phrasing and the body sentence stating the answer
    alternatives: tuple[str, ...] # other accepted spellings of the answer

    @property
    def accepted(self) -> tuple[str, ...]:
        """The short answer, then its alternatives."""
        return (self.short_answer, *self.alternatives)


@dataclass(frozen=True)
class Article:
    title: str
    answer: str                   # the body (FAQ_Answer__c)
    summary: str
    url_name: str
    kind: str                     # "policy", "help" or "guide"
    key: str                      # policy key, else the title's slug
    facts: tuple[Fact, ...]
    category: str | None = None   # a guide's product category


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _facts(key: str, raw: list, where: str) -> tuple[Fact, ...]:
    specs = []
    for n, f in enumerate(raw, 1):
        try:
            specs.append(FactSpec.model_validate(f))
        except ValidationError as e:
            err = e.errors()[0]
            raise CrmarenaError(f"{where}: fact {n} {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    return tuple(Fact(f"{key}/{n}", tuple(" ".join(q.split()) for q in s.ask), s.short, s.cue, tuple(s.also))
                 for n, s in enumerate(specs, 1))


def _article(raw: dict, kind: str, key: str, body_field: str, categories: set[str]) -> Article:
    where = f"knowledge article {raw.get('title')!r}"
    missing = [k for k in ("title", body_field, "summary", "facts") if not raw.get(k)]
    if missing:
        raise CrmarenaError(f"{where}: needs {', '.join(missing)}")
    category = raw.get("category")
    if category is not None and category not in categories:
        raise CrmarenaError(f"{where}: unknown product category {category!r}")
    return Article(raw["title"], " ".join(raw[body_field].split()), raw["summary"], slug(raw["title"]), kind, key,
                   _facts(key, raw["facts"], where), category)


@lru_cache(maxsize=1)
def _articles() -> tuple[Article, ...]:
    from crmarena.simulator.knowledge_check import check_articles

    categories = {c["name"] for c in data("catalogue")["categories"]}
    out = [_article(p, "policy", p["key"], "answer", categories) for p in data("policies")["policies"]]
    for a in data("knowledge")["articles"]:
        out.append(_article(a, "guide" if a.get("category") else "help", slug(a.get("title") or ""), "body",
                            categories))
    problems = check_articles(out)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CrmarenaError(f"knowledge data: {problems[0]}{more}")
    return tuple(out)


def articles() -> list[Article]:
    """Every knowledge article, in KnowledgeArticle row order (validated)."""
    return list(_articles())
