"""Task-specific tools that read the org (the reference's function set, over the graph).

Each tool is one function: its typed arguments and docstring are the schema the model sees; the
``store`` argument is injected by the harness (``InjectedToolArg``) and never shown to the model.
Tools raise on bad input; ``runtime.call_tool`` turns any exception into an "Error: ..." observation.
"""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.tools import InjectedToolArg
from pydantic import SkipValidation

from crmarena.agents.config import default_settings
from crmarena.agents.tools import cypher
from crmarena.agents.tools.records import CaseRecord, case_records, parse_datetime, require
from crmarena.store.base import GraphStore

# The injected store: hidden from the model (InjectedToolArg), passed through as is (any GraphStore).
Store = Annotated[GraphStore, InjectedToolArg, SkipValidation]


def _run(store: GraphStore, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    s = default_settings()
    return store.run(text, params, timeout=s.query_timeout_s, max_rows=s.tool_max_rows)


def _window(start_date: str, end_date: str) -> dict[str, Any]:
    start, end = parse_datetime(start_date, "start_date"), parse_datetime(end_date, "end_date")
    if end <= start:
        raise ValueError(f"end_date {end_date} is not after start_date {start_date}")
    return {"start_date": start, "end_date": end}


def get_cases(store: Store, start_date: str | None = None, end_date: str | None = None,
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
    rows = _run(store, cypher.cases(set(params)), params)
    return [CaseRecord.model_validate({k: v for k, v in r.items() if v is not None}) for r in rows]


def _events(start_date: str, end_date: str, before: str | None) -> tuple[dict[str, Any], str]:
    """The window parameters and the optional "events before" filter of the assignment queries."""
    params = _window(start_date, end_date)
    if before is None:
        return params, ""
    return params | {"before": parse_datetime(before, "before")}, cypher.EVENTS_BEFORE


def get_agent_handled_cases_by_period(store: Store, start_date: str, end_date: str,
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
    params, extra = _events(start_date, end_date, before)
    rows = _run(store, cypher.AGENT_HANDLED_CASES.format(before=extra), params)
    return {r["agentId"]: r["cases"] for r in rows}


def get_agent_transferred_cases_by_period(store: Store, start_date: str, end_date: str,
                                          qualified_agent_ids: list[str] | None = None,
                                          before: str | None = None) -> dict[str, int]:
    """Count, per agent, the transfers away from the agent on cases created in a period.

    A transfer is an Owner Assignment event with an old owner; it counts for the old owner.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        qualified_agent_ids: If given, only these agents, each listed (with 0 if it made no transfer).
        before: If given, only transfers made before this time (e.g. today at 00:00).

    Returns:
        Agent (User) id -> number of cases that agent transferred in the period.
    """
    params, extra = _events(start_date, end_date, before)
    rows = _run(store, cypher.AGENT_TRANSFERRED_CASES.format(before=extra), params)
    counts = {r["agentId"]: r["transfers"] for r in rows}
    if qualified_agent_ids is None:
        return counts
    return {a: counts.get(a, 0) for a in dict.fromkeys(qualified_agent_ids)}


def get_non_transferred_case_ids(store: Store, start_date: str, end_date: str) -> list[str]:
    """Ids of the cases created in a period that have exactly one Owner Assignment (never transferred).

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
    """
    return [r["caseId"] for r in _run(store, cypher.NON_TRANSFERRED_CASE_IDS, _window(start_date, end_date))]


def get_shipping_state(store: Store, cases: list[CaseRecord]) -> list[CaseRecord]:
    """Add the shipping state (US state code) of each case's account to the cases.

    Args:
        cases: Case records, each with an accountId.

    Returns:
        The same cases, each with shippingState set.
    """
    records = case_records(cases)
    missing = [i for i, c in enumerate(records) if not c.accountId]
    if missing:
        raise ValueError(f"the case at index {missing[0]} has no accountId")
    ids = sorted({c.accountId for c in records})
    states = {r["accountId"]: r["shippingState"] for r in _run(store, cypher.SHIPPING_STATES, {"account_ids": ids})}
    return [c.model_copy(update={"shippingState": states.get(c.accountId)}) for c in records]


def get_order_item_ids_by_product(store: Store, product_id: str) -> list[str]:
    """Ids of all order items of a product.

    Args:
        product_id: The Product id.
    """
    require(product_id, "product_id")
    return [r["id"] for r in _run(store, cypher.ORDER_ITEM_IDS_BY_PRODUCT, {"product_id": product_id})]


def get_issue_counts(store: Store, start_date: str, end_date: str, order_item_ids: list[str]) -> dict[str, int]:
    """Count the cases per issue among cases about the given order items, created in a period.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        order_item_ids: Order item ids (e.g. from get_order_item_ids_by_product).

    Returns:
        Issue id -> number of cases, most frequent first.
    """
    require(order_item_ids, "order_item_ids")
    params = {**_window(start_date, end_date), "order_item_ids": [str(i) for i in order_item_ids]}
    return {r["issueId"]: r["cases"] for r in _run(store, cypher.ISSUE_COUNTS, params)}


def get_issues(store: Store) -> list[dict[str, Any]]:
    """All issue types (id, name, description) of the issue taxonomy."""
    return _run(store, cypher.ISSUES, {})


def get_account_id_by_contact_id(store: Store, contact_id: str) -> str | None:
    """The id of the Account a Contact belongs to (None if the contact is unknown).

    Args:
        contact_id: The Contact id.
    """
    require(contact_id, "contact_id")
    rows = _run(store, cypher.ACCOUNT_BY_CONTACT, {"contact_id": contact_id})
    return rows[0]["accountId"] if rows else None


def get_purchase_history(store: Store, account_id: str, purchase_date: str,
                         related_product_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Order items an account bought on one day (Activated orders only).

    Args:
        account_id: The Account id.
        purchase_date: The day of purchase, e.g. '2023-05-14' (a time part is ignored).
        related_product_ids: If given, only order items of these products.

    Returns:
        Records with orderId, orderItemId, productId, productName and purchaseDate.
    """
    require(account_id, "account_id")
    params: dict[str, Any] = {"account_id": account_id,
                              "purchase_date": parse_datetime(purchase_date, "purchase_date").date()}
    text = cypher.PURCHASE_HISTORY
    if related_product_ids is not None:
        params["product_ids"] = [str(p) for p in related_product_ids]
        text = cypher.PURCHASE_HISTORY_OF_PRODUCTS
    return _run(store, text, params)


def get_email_messages_by_case_id(store: Store, case_id: str) -> list[dict[str, Any]]:
    """The emails exchanged on a case, oldest first (subject, textBody, fromAddress, toIds, messageDate).

    Args:
        case_id: The Case id.
    """
    require(case_id, "case_id")
    return _run(store, cypher.EMAIL_MESSAGES_BY_CASE, {"case_id": case_id})


def get_livechat_transcript_by_case_id(store: Store, case_id: str) -> list[dict[str, Any]]:
    """The live chat transcripts of a case (body, endTime, ownerId of the agent).

    Args:
        case_id: The Case id.
    """
    require(case_id, "case_id")
    return _run(store, cypher.LIVECHAT_TRANSCRIPTS_BY_CASE, {"case_id": case_id})


def search_knowledge_articles(store: Store, search_term: str) -> list[dict[str, Any]]:
    """Full-text search over knowledge articles (FAQs and company policies), best match first.

    Args:
        search_term: Words to look for in the article titles, answers and summaries.

    Returns:
        Articles with id, title, faqAnswer and summary.
    """
    require(search_term.strip(), "search_term")
    hits = store.search("knowledge_text", search_term, default_settings().search_limit)
    keep = ("id", "title", "faqAnswer", "summary")
    return [{k: h.properties.get(k) for k in keep if h.properties.get(k) is not None} | {"id": h.id} for h in hits]


def search_products(store: Store, search_term: str) -> list[dict[str, Any]]:
    """Full-text search over products (name and description), best match first.

    Args:
        search_term: Words to look for in product names and descriptions.

    Returns:
        Products with id and name.
    """
    require(search_term.strip(), "search_term")
    hits = store.search("product_text", search_term, default_settings().search_limit)
    return [{"id": h.id, "name": h.properties.get("name")} for h in hits]
