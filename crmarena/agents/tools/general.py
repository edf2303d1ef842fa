"""The general tools: free-form read-only Cypher (the analogue of SOQL) and full-text search (SOSL)."""

from __future__ import annotations

from typing import Any, Literal

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import require

SEARCH_INDEXES = ("knowledge_text", "product_text")


def run_cypher(env: Env, query: str) -> list[dict[str, Any]]:
    """Run one read-only Neo4j Cypher query on the CRM graph and return its rows.

    Writes are refused; the query has a timeout and a row cap (add LIMIT or aggregate for large
    results). Use parameters-free Cypher with literal values, e.g. datetime('2023-01-01T00:00:00Z').

    Args:
        query: The Cypher query, e.g. "MATCH (c:Case)-[:OWNED_BY]->(u:User) RETURN u.id, count(c) LIMIT 5".
    """
    require(query.strip(), "query")
    return env.read(query, {}, max_rows=env.settings.max_rows)


def search(env: Env, text: str, index: Literal["knowledge_text", "product_text"] | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Ranked full-text search over knowledge articles and/or products.

    Args:
        text: Words to look for.
        index: knowledge_text (KnowledgeArticle title, faqAnswer, summary) or product_text (Product name,
            description); both when omitted.
        limit: Most hits per index (default 10).
    """
    require(text.strip(), "text")
    if index is not None and index not in SEARCH_INDEXES:
        raise ValueError(f"unknown index {index!r}: use {' or '.join(SEARCH_INDEXES)}")
    out = []
    for name in [index] if index else SEARCH_INDEXES:
        for h in env.search(name, text, limit):
            out.append({"index": name, "id": h.id, "score": round(h.score, 4),
                        **{k: v for k, v in h.properties.items() if k != "id" and v is not None}})
    return out
