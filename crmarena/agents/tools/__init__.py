"""The agents' tools: general (run_cypher, search) and task-specific (the reference's set), as LangChain tools.

``TASK_FUNCTIONS`` and ``GENERAL_FUNCTIONS`` are the plain functions; ``toolset(kind)`` gives the
LangChain tools (schema from signature and docstring; ``store`` injected, hidden from the model).
"""

from __future__ import annotations

from functools import lru_cache

from crmarena.agents.tools import calc, crm, general

TASK_FUNCTIONS = (
    crm.get_cases, crm.get_agent_handled_cases_by_period, crm.get_agent_transferred_cases_by_period,
    crm.get_non_transferred_case_ids, calc.calculate_average_handle_time, calc.get_period, calc.get_start_date,
    crm.get_shipping_state, calc.calculate_region_average_closure_times, crm.get_order_item_ids_by_product,
    crm.get_issue_counts, crm.get_issues, calc.find_id_with_max_value, calc.find_id_with_min_value,
    crm.get_account_id_by_contact_id, crm.get_purchase_history, calc.get_month_to_case_count,
    crm.search_knowledge_articles, crm.search_products, crm.get_email_messages_by_case_id,
    crm.get_livechat_transcript_by_case_id, calc.get_qualified_agent_ids_by_case_count,
    calc.get_agents_with_max_cases, calc.get_agents_with_min_cases, calc.respond,
)
GENERAL_FUNCTIONS = (general.run_cypher, general.search)
RESPOND = "respond"

TOOLSETS = {"task": TASK_FUNCTIONS, "general": GENERAL_FUNCTIONS, "flex": TASK_FUNCTIONS + GENERAL_FUNCTIONS}


@lru_cache(maxsize=None)
def _tool(fn):
    from langchain_core.tools import StructuredTool

    return StructuredTool.from_function(fn, parse_docstring=True, return_direct=fn.__name__ == RESPOND)


def toolset(kind: str) -> list:
    """LangChain tools of a set: ``task`` (fc), ``general`` (act/react) or ``flex`` (both)."""
    return [_tool(f) for f in TOOLSETS[kind]]


def tools_by_name(kind: str = "flex") -> dict:
    return {t.name: t for t in toolset(kind)}
