"""The agents' tools: general (run_cypher, search) and task tools (the reference's set), as LangChain tools.

The task tools are the shared CRM lookups and computations here (``crm``, ``calc``) plus the tools each
task family brings (``crmarena/tasks/<name>/tools.py``), in registry order, then ``respond``.
``task_functions()`` and ``GENERAL_FUNCTIONS`` are the plain functions; ``toolset(kind)`` gives the
LangChain tools (schema from signature and docstring; ``env`` injected, hidden from the model).
"""

from __future__ import annotations

from functools import lru_cache

from crmarena.agents.tools import calc, crm, general

SHARED_FUNCTIONS = (
    crm.get_cases, crm.get_agent_handled_cases_by_period, calc.get_period, calc.get_start_date,
    crm.get_order_item_ids_by_product, crm.get_issues, calc.find_id_with_max_value, calc.find_id_with_min_value,
    crm.search_knowledge_articles, crm.search_products, calc.get_qualified_agent_ids_by_case_count,
    calc.get_agents_with_max_cases, calc.get_agents_with_min_cases,
)
GENERAL_FUNCTIONS = (general.run_cypher, general.search)
RESPOND = "respond"


@lru_cache(maxsize=None)
def task_functions(suite: str = "pro") -> tuple:
    """The task tools as plain functions: shared ones, the suite's families' own, then ``respond``.
    A CRMArena (service) instance gets CRMArena's toolbox; a Pro instance every family's."""
    from crmarena.tasks.registry import task_tools

    return SHARED_FUNCTIONS + task_tools(suite) + (calc.respond,)


def functions(kind: str, suite: str = "pro") -> tuple:
    """Plain functions of a set: ``task``, ``general`` or ``flex`` (both)."""
    sets = {"task": lambda: task_functions(suite), "general": lambda: GENERAL_FUNCTIONS,
            "flex": lambda: task_functions(suite) + GENERAL_FUNCTIONS}
    return sets[kind]()


@lru_cache(maxsize=None)
def _tool(fn):
    from langchain_core.tools import StructuredTool

    return StructuredTool.from_function(fn, parse_docstring=True, return_direct=fn.__name__ == RESPOND)


def toolset(kind: str, suite: str = "pro") -> list:
    """LangChain tools of a set: ``task`` (fc), ``general`` (act/react) or ``flex`` (both), for a suite."""
    return [_tool(f) for f in functions(kind, suite)]


def tools_by_name(kind: str = "flex") -> dict:
    return {t.name: t for t in toolset(kind)}
