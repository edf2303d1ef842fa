"""Harness settings: defaults in ``crmarena/data/agents/settings.yaml``, overridable per run."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class AgentSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_turns: int = Field(20, ge=1)
    temperature: float = 0.0
    max_tokens: int | None = Field(None, ge=1)
    stop: tuple[str, ...] = ()
    schema_scope: str = Field("full", pattern="^(full|task)$")
    query_timeout_s: float = Field(30.0, gt=0)
    max_rows: int = Field(2000, ge=1)
    tool_max_rows: int = Field(200_000, ge=1)
    search_limit: int = Field(10, ge=1)
    observation_max_chars: int = Field(30_000, ge=100)
    interactive: bool = False            # multi-turn mode: a simulated user holds the question's details
    max_user_turns: int = Field(10, ge=1, le=50)
    privacy_prompt: bool = False         # append the confidentiality instruction (prompts.yaml privacy)


@lru_cache(maxsize=1)
def default_settings() -> AgentSettings:
    text = resources.files("crmarena").joinpath("data/agents/settings.yaml").read_text()
    return AgentSettings.model_validate(yaml.safe_load(text) or {})


def data_text(name: str) -> str:
    """A data file of the agents (prompts, answer kinds, prices) as text."""
    return resources.files("crmarena").joinpath(f"data/agents/{name}").read_text()


def data_yaml(name: str):
    return yaml.safe_load(data_text(name))
