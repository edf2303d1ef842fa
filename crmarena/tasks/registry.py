"""The typed task registry: task name -> its family (the folder ``crmarena/tasks/<name>/``).

A family folder holds everything a task is made of: ``task.py`` (the ``Task`` class: gold Cypher
template, curation, evidence, answer kind), ``phrases.yaml`` (question templates, required and optional
context), ``oracle.py`` (``solve``: the tool-call plan of a perfect agent) and, when the task brings
tools of its own, ``tools.py`` (``TOOLS``: plain functions, each a tool). Adding a task = one folder
plus one line in ``FAMILIES``.

``oracle.py`` and ``tools.py`` are imported only when asked for (``solver()``/``tools()``): building
tasks never imports the agents' code.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Callable

from crmarena.errors import CrmarenaError
from crmarena.queries.task import Task
from crmarena.tasks.activity_priority.task import ActivityPriority
from crmarena.tasks.best_region_identification.task import BestRegionIdentification
from crmarena.tasks.case_routing.task import CaseRouting
from crmarena.tasks.handle_time.task import HandleTime
from crmarena.tasks.invalid_config.task import InvalidConfig
from crmarena.tasks.knowledge_qa.task import KnowledgeQA
from crmarena.tasks.lead_qualification.task import LeadQualification
from crmarena.tasks.monthly_trend_analysis.task import MonthlyTrendAnalysis
from crmarena.tasks.named_entity_disambiguation.task import NamedEntityDisambiguation
from crmarena.tasks.sales_insight_mining.task import SalesInsightMining
from crmarena.tasks.private_customer_information.task import PrivateCustomerInformation
from crmarena.tasks.internal_operation_data.task import InternalOperationData
from crmarena.tasks.confidential_company_knowledge.task import ConfidentialCompanyKnowledge
from crmarena.tasks.policy_violation_identification.task import PolicyViolationIdentification
from crmarena.tasks.quote_approval.task import QuoteApproval
from crmarena.tasks.top_issue_identification.task import TopIssueIdentification
from crmarena.tasks.transfer_count.task import TransferCount
from crmarena.tasks.sales_amount_understanding.task import SalesAmountUnderstanding
from crmarena.tasks.sales_cycle_understanding.task import SalesCycleUnderstanding
from crmarena.tasks.conversion_rate_comprehension.task import ConversionRateComprehension
from crmarena.tasks.lead_routing.task import LeadRouting
from crmarena.tasks.wrong_stage_rectification.task import WrongStageRectification

Solver = Callable[[Any, dict[str, Any]], str]


@dataclass(frozen=True)
class TaskFamily:
    """One task family: its ``Task`` class and the folder holding the rest of it."""

    task: type[Task]

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def package(self) -> str:
        return self.task.__module__.rpartition(".")[0]

    def solver(self) -> Solver:
        return import_module(f"{self.package}.oracle").solve

    def tools(self) -> tuple[Callable[..., Any], ...]:
        """The tools this task adds to the agents' toolbox (``tools.py``'s ``TOOLS``; none without one)."""
        if find_spec(f"{self.package}.tools") is None:
            return ()
        return tuple(import_module(f"{self.package}.tools").TOOLS)


# CRMArena's order.
FAMILIES: dict[str, TaskFamily] = {f.name: f for f in (
    TaskFamily(CaseRouting),
    TaskFamily(HandleTime),
    TaskFamily(TransferCount),
    TaskFamily(NamedEntityDisambiguation),
    TaskFamily(PolicyViolationIdentification),
    TaskFamily(KnowledgeQA),
    TaskFamily(TopIssueIdentification),
    TaskFamily(MonthlyTrendAnalysis),
    TaskFamily(BestRegionIdentification),
    TaskFamily(SalesAmountUnderstanding),
    TaskFamily(SalesCycleUnderstanding),
    TaskFamily(ConversionRateComprehension),
    TaskFamily(LeadRouting),
    TaskFamily(WrongStageRectification),
    TaskFamily(ActivityPriority),
    TaskFamily(QuoteApproval),
    TaskFamily(InvalidConfig),
    TaskFamily(LeadQualification),
    TaskFamily(SalesInsightMining),
    TaskFamily(PrivateCustomerInformation),
    TaskFamily(InternalOperationData),
    TaskFamily(ConfidentialCompanyKnowledge),
)}


SUITES = ("service", "pro", "all")


def task_names() -> tuple[str, ...]:
    return tuple(FAMILIES)


def suite_names(suite: str, kind: str = "b2c") -> list[str]:
    """The tasks of a suite an org of ``kind`` supports, in registry order: ``service`` = CRMArena's 9;
    ``pro`` and ``all`` = CRMArena-Pro's 22 (its 19 business tasks and 3 confidentiality tasks — the 9
    service tasks among them), those needing a b2b org left out on a b2c one."""
    if suite not in SUITES:
        raise CrmarenaError(f"unknown suite {suite!r}; valid suites: {', '.join(SUITES)}")
    return [n for n, f in FAMILIES.items() if kind in f.task.kinds and (suite != "service" or f.task.suite == "service")]


def check_kind(names: list[str], kind: str) -> None:
    """A task that needs another org kind is a one-line CrmarenaError."""
    for n in names:
        if kind not in FAMILIES[n].task.kinds:
            raise CrmarenaError(f"task {n!r} needs a {' or '.join(FAMILIES[n].task.kinds)} org; this org is {kind} "
                                f"(crmarena simulate --org-kind b2b)")


def check_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """The names, de-duplicated in registry order; an unknown one is a one-line CrmarenaError."""
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        raise CrmarenaError(f"unknown task {unknown[0]!r}; valid tasks: {', '.join(FAMILIES)}")
    chosen = set(names)
    return [n for n in FAMILIES if n in chosen] if names else list(FAMILIES)


def family(name: str) -> TaskFamily:
    check_names([name])
    return FAMILIES[name]


def get_task(name: str) -> Task:
    """A new task object of ``name``."""
    return family(name).task()


def task_tools(suite: str = "pro") -> tuple[Callable[..., Any], ...]:
    """The own tools of the suite's families (``service``: CRMArena's 9; ``pro``/``all``: every family), in
    registry order (a tool shared by two families counted once)."""
    fams = [f for f in FAMILIES.values() if suite != "service" or f.task.suite == "service"]
    return tuple(dict.fromkeys(t for f in fams for t in f.tools()))


def suite_of(task: str) -> str:
    """The suite whose toolbox an instance of ``task`` gets (an unknown task: every tool)."""
    return FAMILIES[task].task.suite if task in FAMILIES else "pro"
