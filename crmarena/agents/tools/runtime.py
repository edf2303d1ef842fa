"""Calling a tool: inject the store, validate the arguments, and turn any failure into an observation.

``call_tool`` is the ONE place where a tool's exception becomes text ("Error: ..."): every framework
(act, react, fc, flex, oracle) calls tools through it, so a tool error never ends an episode.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool
from pydantic import ValidationError

from crmarena.agents.config import AgentSettings, default_settings
from crmarena.agents.tools.env import ToolEnv
from crmarena.agents.tools.records import to_json_value
from crmarena.store.base import GraphStore


@dataclass(frozen=True)
class Observation:
    text: str
    ok: bool
    value: Any = None


def _validation_text(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ())) or "arguments"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "invalid arguments: " + "; ".join(parts)


def error_text(e: BaseException) -> str:
    if isinstance(e, ValidationError):
        msg = _validation_text(e)
    else:
        msg = " ".join(str(e).split()) or type(e).__name__
    return f"Error: {msg}"


def render(value: Any, max_chars: int) -> str:
    """A result as compact JSON text, cut at ``max_chars`` with a note."""
    text = value if isinstance(value, str) else json.dumps(to_json_value(value), ensure_ascii=False, default=str)
    limit = max_chars
    if len(text) > limit:
        text = text[:limit] + f" ... [cut: {len(text) - limit} more characters; narrow the request]"
    return text


def injects_env(tool: BaseTool) -> bool:
    schema = tool.args_schema
    fields = getattr(schema, "model_fields", {}) if schema is not None else {}
    return "env" in fields and "env" not in tool.tool_call_schema.model_fields


def call_tool(tool: BaseTool | None, args: Any, store: GraphStore, name: str = "",
              settings: AgentSettings | None = None) -> Observation:
    """Invoke ``tool`` with the model's ``args`` (a dict) and the injected ``ToolEnv`` (the store and the
    run's ``settings``; the defaults when none are given); never raises."""
    env = ToolEnv(store, settings or default_settings())
    try:
        if tool is None:
            raise ValueError(f"unknown tool {name!r}")
        if not isinstance(args, dict):
            raise ValueError(f"arguments of {tool.name} must be a JSON object, not {type(args).__name__}")
        if "env" in args:
            raise ValueError("'env' is not an argument the model can set")
        payload = {**args, "env": env} if injects_env(tool) else dict(args)
        value = tool.invoke(payload)
        return Observation(render(value, env.settings.observation_max_chars), True, value)
    except Exception as e:  # noqa: BLE001 — the one place tool failures become observations
        text = error_text(e)
        if getattr(store, "backend", None) == "embedded":     # the prompt says Neo4j: speak its terms
            from crmarena.agents.tools.neo4j_terms import neo4j_error

            text = "Error: " + neo4j_error(text.removeprefix("Error: "))
        return Observation(text, False)
