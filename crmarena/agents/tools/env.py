"""What a tool call runs against: the org's store and the run's settings, injected into every tool.

A tool's first argument is ``env: Env``: LangChain hides it from the model (``InjectedToolArg``) and
``runtime.call_tool`` fills it with the run's ``ToolEnv``, so a per-run override of the agent settings
(timeouts, row caps, search size, observation size) reaches every tool call; no tool reads settings
of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from langchain_core.tools import InjectedToolArg
from pydantic import SkipValidation

from crmarena.agents.config import AgentSettings
from crmarena.store.base import GraphStore


@dataclass(frozen=True)
class ToolEnv:
    store: GraphStore
    settings: AgentSettings

    @property
    def backend(self) -> str:
        return getattr(self.store, "backend", "")

    def read(self, text: str, params: dict[str, Any], max_rows: int | None = None) -> list[dict[str, Any]]:
        """Rows of a read query, under the run's query timeout and the tools' row cap (or ``max_rows``)."""
        s = self.settings
        return self.store.run(text, params, timeout=s.query_timeout_s, max_rows=max_rows or s.tool_max_rows)

    def search(self, index: str, text: str, limit: int | None = None) -> list:
        """Full-text hits of ``index``, at most ``limit`` (default: the run's search size)."""
        return self.store.search(index, text, int(limit or self.settings.search_limit))


# The injected environment: hidden from the model, passed through as is.
Env = Annotated[ToolEnv, InjectedToolArg, SkipValidation]
