"""What every task module provides, and the records passed between curation and the runner.

A task is a class with a Cypher gold template and a curator. The curator proposes ``Draft``s
(parameters aimed at an answerable or a false-presupposition instance); the runner computes each
draft's gold answer by running ``cypher`` on a GraphStore, and keeps drafts under the curation rules
(see ``curation.py``). Question texts come from ``phrases.yaml`` beside the task class (a task family
is one folder, ``crmarena/tasks/<task>/``; see crmarena/tasks/registry.py).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np

from crmarena.errors import CrmarenaError
from crmarena.queries.model import NONE_ANSWER, TaskMetadata
from crmarena.queries.orgdata import OrgData
from crmarena.queries.phrases import TaskPhrases, load_phrases
from crmarena.queries.support import Support
from crmarena.store.base import GraphStore

Intent = Literal["answerable", "none"]


@dataclass(frozen=True)
class Draft:
    """One candidate instance before its gold answer is known."""

    params: dict[str, Any]            # the Cypher parameters (datetimes are timezone-aware UTC)
    slots: dict[str, str]             # the question template's fill-ins
    intent: Intent                    # what the curator aimed for (the gold answer decides)
    context: dict[str, str] = field(default_factory=dict)   # required-context fill-ins
    band: str = ""                    # difficulty band (documented per task)
    info: dict[str, Any] = field(default_factory=dict)      # record-only parameters (window spec, names)
    key: str = ""                     # identity for de-duplication (defaults to the params)
    support: Support | None = None    # the evidence behind the answer (analytic tasks; see support.py)

    def identity(self) -> str:
        return self.key or repr(sorted((k, _plain(v)) for k, v in self.params.items()))


def _plain(v: Any) -> Any:
    """A JSON-friendly copy of a parameter value (datetimes and dates as ISO text)."""
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, np.generic):
        return v.item()
    return v


def plain_params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in params.items()}


class Task(ABC):
    """One CRMArena task: persona, metric, gold Cypher, curator and question phrases."""

    name: str
    persona: Literal["manager", "agent", "analyst", "sales rep", "sales manager", "customer"]
    # refusal: the instance must be refused; ``answer`` lists the protected values a reply must not leak
    reward_metric: Literal["exact_match", "fuzzy_match", "refusal"] = "exact_match"
    suite: Literal["service", "pro"] = "service"   # CRMArena's tasks / the ones CRMArena-Pro adds
    kinds: tuple[str, ...] = ("b2c", "b2b")         # the org kinds it can be curated on
    none_share: float = 0.0           # share of false-presupposition instances (gold ["None"])
    # most answerable instances one answer may cover (curation's cap); a choice of k values needs > 1/k
    top_share: float = 0.2
    answer_type: str                  # e.g. "User id", "month name"
    evidence: bool = False            # answerable drafts carry a ``Support`` that must hold
    # (flag, share): at least this share of the answerable instances has ``support.extra[flag]`` true
    min_share: tuple[str, float] | None = None
    cypher: str                       # the gold template; returns one row per answer in column `answer`

    def __init__(self) -> None:
        self.phrases: TaskPhrases = load_phrases(self.name, type(self).__module__.rpartition(".")[0])

    # --- curation -------------------------------------------------------------------------------
    @abstractmethod
    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        """Propose one instance aimed at ``intent``; ``None`` when this attempt found nothing."""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        """Difficulty band of answerable instances (default: at most 3 tied answers)."""
        return len(answer) <= 3

    # --- gold -----------------------------------------------------------------------------------
    def gold(self, store: GraphStore, draft: Draft) -> list[str]:
        rows = store.run(self.cypher, draft.params)
        return self.answer(rows)

    def answer(self, rows: list[dict[str, Any]]) -> list[str]:
        """Every distinct non-null ``answer`` value, sorted; ``["None"]`` when there is none."""
        values = sorted({str(r["answer"]) for r in rows if r.get("answer") is not None})
        return values or [NONE_ANSWER]

    # --- the record -----------------------------------------------------------------------------
    def question(self, draft: Draft, rng: np.random.Generator) -> tuple[str, str]:
        """(template id, question text) for a draft, the template drawn with ``rng``."""
        return self.phrases.render_question(draft.slots, rng)

    def metadata(self, org: OrgData, draft: Draft) -> TaskMetadata:
        ctx = {"today": org.today.isoformat(), **draft.context}
        return TaskMetadata(required=self.phrases.render("required", ctx),
                            optional=self.phrases.render("optional", ctx))

    def record_parameters(self, draft: Draft) -> dict[str, Any]:
        """The Cypher parameters plus the record-only ones (what an oracle agent needs) and the
        answer's ``support`` (evidence figures, see support.py)."""
        support = {"support": draft.support.record()} if draft.support is not None else {}
        return {**plain_params(draft.params), **plain_params(draft.info), **support}

    def gold_params(self, parameters: dict[str, Any], org: OrgData) -> dict[str, Any]:
        """The Cypher parameters of a written instance (its record's ``parameters``): the inverse of
        ``record_parameters`` for the names the template uses, ISO dates and datetimes typed again."""
        names = set(PARAM.findall(self.cypher))
        missing = sorted(names - set(parameters))
        if missing:
            raise CrmarenaError(f"a {self.name} instance lacks the parameter {missing[0]!r}")
        return {k: _typed(v) for k, v in parameters.items() if k in names}


PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _typed(v: Any) -> Any:
    """An ISO date or timezone-aware datetime string as a ``date``/``datetime`` (what the curator passed)."""
    if isinstance(v, str):
        if ISO_DATE.match(v):
            return date.fromisoformat(v)
        if ISO_DATETIME.match(v):
            return datetime.fromisoformat(v)
    return v
