"""The oracle's plan for knowledge qa: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, OracleError


def solve(call: Calls, p: dict[str, Any]) -> str:
    question = p.get("question") or p["shortAnswer"]
    hits = call("search_knowledge_articles", search_term=question)
    article = next((h for h in hits if h["id"] == p["articleId"]), None)
    if article is None:
        raise OracleError(f"search for the question does not return its article {p['articleId']}")
    if p["shortAnswer"] not in article.get("faqAnswer", ""):
        raise OracleError(f"article {p['articleId']} does not state the answer {p['shortAnswer']!r}")
    return p["shortAnswer"]
