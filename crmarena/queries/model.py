"""Typed task records, compatible with CRMArena's task files plus our own provenance fields."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

NONE_ANSWER = "None"


class TaskMetadata(BaseModel):
    required: str = ""
    optional: str = ""


class TaskInstance(BaseModel):
    """One benchmark instance. ``answer`` is a list: every tied id, or ``["None"]``."""

    model_config = ConfigDict(extra="forbid")

    idx: int
    task: str
    query: str
    answer: list[str]
    reward_metric: Literal["exact_match", "fuzzy_match", "refusal"]
    metadata: TaskMetadata = Field(default_factory=TaskMetadata)
    persona: str
    template_id: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    org_fingerprint: str | None = None   # the org the instance was made from (crmarena.fingerprint)

    @property
    def is_none(self) -> bool:
        return self.answer == [NONE_ANSWER]
