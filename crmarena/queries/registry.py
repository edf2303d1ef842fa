"""Task name -> task class. Adding a task = adding one module and one line here."""

from __future__ import annotations

from importlib import import_module

from crmarena.errors import CrmarenaError
from crmarena.queries.task import Task

# CRMArena's order; each value is "module:Class" under crmarena.queries.
TASKS: dict[str, str] = {
    "case_routing": "case_routing:CaseRouting",
    "handle_time": "handle_time:HandleTime",
    "transfer_count": "transfer_count:TransferCount",
    "named_entity_disambiguation": "named_entity_disambiguation:NamedEntityDisambiguation",
    "policy_violation_identification": "policy_violation_identification:PolicyViolationIdentification",
    "knowledge_qa": "knowledge_qa:KnowledgeQA",
    "top_issue_identification": "top_issue_identification:TopIssueIdentification",
    "monthly_trend_analysis": "monthly_trend_analysis:MonthlyTrendAnalysis",
    "best_region_identification": "best_region_identification:BestRegionIdentification",
}


def task_names() -> tuple[str, ...]:
    return tuple(TASKS)


def check_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """The names, de-duplicated in registry order; an unknown one is a one-line CrmarenaError."""
    unknown = [n for n in names if n not in TASKS]
    if unknown:
        raise CrmarenaError(f"unknown task {unknown[0]!r}; valid tasks: {', '.join(TASKS)}")
    chosen = set(names)
    return [n for n in TASKS if n in chosen] if names else list(TASKS)


def get_task(name: str) -> Task:
    check_names([name])
    module, cls = TASKS[name].split(":")
    return getattr(import_module(f"crmarena.queries.{module}"), cls)()
