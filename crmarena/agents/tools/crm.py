"""Task-specific tools that read the org (the reference's function set, over the graph).

Each tool is one function: its typed arguments and docstring are the schema the model sees; the
``env`` argument (the store and the run's settings, see env.py) is injected by the harness and never
shown to the model.
Tools raise on bad input; ``runtime.call_tool`` turns any exception into an "Error: ..." observation.
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools import cypher
from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import CaseRecord, parse_datetime, require


def window_params(start_date: str, end_date: str) -> dict[str, Any]:
    start, end = parse_datetime(start_date, "start_date"), parse_datetime(end_date, "end_date")
    if end <= start:
        raise ValueError(f"end_date {end_date} is not after start_date {start_date}")
    return {"start_date": start, "end_date": end}


def get_cases(env: Env, start_date: str | None = None, end_date: str | None = None,
              agent_ids: list[str] | None = None, case_ids: list[str] | None = None,
              order_item_ids: list[str] | None = None, issue_ids: list[str] | None = None,
              statuses: list[str] | None = None) -> list[CaseRecord]:
    """Retrieve cases matching all the given filters (at least one filter is required).

    Args:
        start_date: Only cases created at or after this time, e.g. '2023-01-01T00:00:00Z'.
        end_date: Only cases created before this time (exclusive), e.g. '2024-01-01T00:00:00Z'.
        agent_ids: Only cases owned by these agents (User ids).
        case_ids: Only these cases.
        order_item_ids: Only cases about these order items.
        issue_ids: Only cases with these issues (Issue ids).
        statuses: Only cases with these statuses (New, Working, Escalated, Closed).

    Returns:
        Case records with id, status, createdDate, closedDate, ownerId, accountId, contactId,
        orderItemId and issueId.
    """
    params: dict[str, Any] = {}
    if start_date is not None:
        params["start_date"] = parse_datetime(start_date, "start_date")
    if end_date is not None:
        params["end_date"] = parse_datetime(end_date, "end_date")
    for name, value in (("agent_ids", agent_ids), ("case_ids", case_ids), ("order_item_ids", order_item_ids),
                        ("issue_ids", issue_ids), ("statuses", statuses)):
        if value is not None:
            params[name] = [str(v) for v in value]
    if not params:
        raise ValueError("give at least one filter (a date, agent, case, order item, issue or status)")
    rows = env.read(cypher.cases(set(params)), params)
    return [CaseRecord.model_validate({k: v for k, v in r.items() if v is not None}) for r in rows]


def events_window(start_date: str, end_date: str, before: str | None) -> tuple[dict[str, Any], str]:
    """The window parameters and the optional "events before" filter of the assignment queries."""
    params = window_params(start_date, end_date)
    if before is None:
        return params, ""
    return params | {"before": parse_datetime(before, "before")}, cypher.EVENTS_BEFORE


def get_agent_handled_cases_by_period(env: Env, start_date: str, end_date: str,
                                      before: str | None = None) -> dict[str, int]:
    """Count, per agent, the cases created in a period that were assigned to the agent at some point.

    An agent handled (managed) a case when an Owner Assignment event of the case history names the
    agent as the new owner.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        before: If given, only Owner Assignments made before this time (e.g. today at 00:00).

    Returns:
        Agent (User) id -> number of cases assigned to that agent in the period.
    """
    params, extra = events_window(start_date, end_date, before)
    rows = env.read(cypher.AGENT_HANDLED_CASES.format(before=extra), params)
    return {r["agentId"]: r["cases"] for r in rows}


def get_order_item_ids_by_product(env: Env, product_id: str) -> list[str]:
    """Ids of all order items of a product.

    Args:
        product_id: The Product id.
    """
    require(product_id, "product_id")
    return [r["id"] for r in env.read(cypher.ORDER_ITEM_IDS_BY_PRODUCT, {"product_id": product_id})]


def get_issues(env: Env) -> list[dict[str, Any]]:
    """All issue types (id, name, description) of the issue taxonomy."""
    return env.read(cypher.ISSUES, {})


def search_knowledge_articles(env: Env, search_term: str) -> list[dict[str, Any]]:
    """Full-text search over knowledge articles (FAQs and company policies), best match first.

    Args:
        search_term: Words to look for in the article titles, answers and summaries.

    Returns:
        Articles with id, title, faqAnswer and summary.
    """
    require(search_term.strip(), "search_term")
    hits = env.search("knowledge_text", search_term)
    keep = ("id", "title", "faqAnswer", "summary")
    return [{k: h.properties.get(k) for k in keep if h.properties.get(k) is not None} | {"id": h.id} for h in hits]


def search_products(env: Env, search_term: str) -> list[dict[str, Any]]:
    """Full-text search over products (name and description), best match first.

    Args:
        search_term: Words to look for in product names and descriptions.

    Returns:
        Products with id and name.
    """
    require(search_term.strip(), "search_term")
    hits = env.search("product_text", search_term)
    return [{"id": h.id, "name": h.properties.get("name")} for h in hits]
