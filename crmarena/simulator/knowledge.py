"""Knowledge articles: the company policies (policies.yaml) first, then three FAQs per category.

Policy article k is row k, so a case's breached policy index is also its KnowledgeArticle row.
Each article carries a question a customer could ask and its short answer (``knowledge_items``)
for knowledge QA gold answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crmarena.simulator.config import data


@dataclass(frozen=True)
class Article:
    title: str
    answer: str
    summary: str
    url_name: str
    kind: str            # "policy" or "faq"
    key: str             # policy key or "<category>/<faq number>"
    question: str
    short_answer: str


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def articles() -> list[Article]:
    out = [Article(p["title"], " ".join(p["answer"].split()), p["summary"], slug(p["title"]), "policy", p["key"],
                   p["question"], p["short"]) for p in data("policies")["policies"]]
    faqs = data("text")["faqs"]
    for c in data("catalogue")["categories"]:
        for k, f in enumerate(faqs):
            q = f["question"].format(category=c["name"].lower())
            a = (f["sized"] if c["sized"] else f["unsized"]).format(category=c["name"])
            a = a[0].upper() + a[1:]
            out.append(Article(q, a, a.split(". ")[0].rstrip(".") + ".", slug(q), "faq", f"{slug(c['name'])}/{k + 1}",
                               q, a.split(". ")[0].rstrip(".")))
    return out


def policy_count() -> int:
    return len(data("policies")["policies"])
