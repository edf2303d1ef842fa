"""``crmarena mcp``: the org and a task file served over the Model Context Protocol (official ``mcp`` SDK).

Any MCP client (desktop assistants, IDE agents, other frameworks) gets:
- tools: the task tools (``--tools task``), ``run_cypher`` and ``search`` (``general``), or both
  (default); each is the agents' own tool run through ``runtime.call_tool``, so the read-only
  guarantees, statement timeouts, row caps and observation size are the same as in ``crmarena run``;
- the episode protocol: ``list_tasks`` -> ``get_task(idx)`` (question, context, answer format) ->
  ``submit_answer(idx, answer)``, scored and appended to the run folder (``episodes.EpisodeBook``);
- resources: the schema as the agents see it (``crmarena://schema``) and as JSON (``crmarena://schema.json``).
Transports: stdio, or streamable HTTP on 127.0.0.1 only.
"""

from __future__ import annotations

import inspect
import json
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from crmarena.agents.tools import RESPOND, functions, tools_by_name
from crmarena.agents.tools.runtime import call_tool
from crmarena.mcp.episodes import EpisodeBook

TOOL_SETS = {"task": "task", "general": "general", "both": "flex"}     # --tools -> the agents' tool set
HOST = "127.0.0.1"


@dataclass(frozen=True)
class McpSettings:
    tools: str = "both"                  # task | general | both
    transport: str = "stdio"             # stdio | http
    port: int = 8765


def _mcp_function(fn, book: EpisodeBook, store):
    """A function with ``fn``'s model-visible signature (no ``env``) that runs the agents' tool."""
    tool = tools_by_name("flex")[fn.__name__]
    hints = typing.get_type_hints(fn, include_extras=True)
    described = tool.tool_call_schema.model_fields
    params = []
    for p in inspect.signature(fn).parameters.values():
        if p.name == "env":
            continue
        desc = described[p.name].description if p.name in described else None
        params.append(p.replace(annotation=Annotated[hints.get(p.name, Any), Field(description=desc)]))

    def run(**kwargs: Any) -> str:
        args = json.loads(json.dumps(kwargs, default=lambda v: v.model_dump(mode="json")))   # records -> JSON
        obs = call_tool(tool, args, store, name=tool.name)
        book.log_call(tool.name, args, obs.text, obs.ok)
        return obs.text

    run.__name__ = fn.__name__
    run.__signature__ = inspect.Signature(params, return_annotation=str)   # type: ignore[attr-defined]
    return run, tool.description


def build_server(book: EpisodeBook, store, settings: McpSettings):
    """The FastMCP server of an episode book and a store (nothing runs until ``.run``)."""
    from mcp.server.fastmcp import FastMCP

    from crmarena.graph_schema.render import agent_text

    server = FastMCP("crmarena", host=HOST, port=settings.port, log_level="WARNING",
                     instructions="A CRM org (Neo4j Cypher, read-only) and CRMArena tasks: call list_tasks, "
                                  "then get_task(idx), use the tools, then submit_answer(idx, answer).")
    for fn in functions(TOOL_SETS[settings.tools]):
        if fn.__name__ == RESPOND:
            continue
        run, description = _mcp_function(fn, book, store)
        server.add_tool(run, name=fn.__name__, description=description, structured_output=False)

    def list_tasks() -> str:
        """The task instances of this server: idx, task name, submissions made and allowed."""
        return json.dumps(book.listing())

    def get_task(idx: Annotated[int, Field(description="The task's idx from list_tasks.")]) -> str:
        """A task's question, its context (policy, today's date) and the answer format; starts its episode."""
        return json.dumps(book.prompt(idx), ensure_ascii=False)

    def submit_answer(idx: Annotated[int, Field(description="The task's idx.")],
                      answer: Annotated[str, Field(description="The final answer, e.g. an id, several ids "
                                                              "separated by commas, a month, or None.")]) -> str:
        """Submit the final answer of a task: it is scored and recorded as one episode (no retries)."""
        return json.dumps(book.submit(idx, answer))

    for fn in (list_tasks, get_task, submit_answer):
        server.add_tool(_errors_as_text(fn), name=fn.__name__, description=fn.__doc__, structured_output=False)

    @server.resource("crmarena://schema", mime_type="text/plain", description="The graph schema as agents see it.")
    def schema_text() -> str:
        return agent_text()

    @server.resource("crmarena://schema.json", mime_type="application/json", description="The graph schema.")
    def schema_json() -> str:
        from crmarena.graph_schema import load_schema

        return load_schema().model_dump_json(indent=1)

    return server


def _errors_as_text(fn):
    """The protocol tools' bad input (unknown idx, too many submissions) as an ``Error: ...`` result."""
    from functools import wraps

    from crmarena.errors import CrmarenaError

    @wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CrmarenaError as e:
            return f"Error: {e}"

    return run


def serve(book: EpisodeBook, store, settings: McpSettings) -> None:
    """Serve until the client disconnects (stdio) or the process is stopped (http)."""
    server = build_server(book, store, settings)
    server.run("stdio" if settings.transport == "stdio" else "streamable-http")

