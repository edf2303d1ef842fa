"""Function calling: LangChain's ``create_agent`` with the task tools (``fc``) or task + general tools (``flex``).

Tools are executed by ``StoreTools`` (a ``wrap_tool_call`` middleware) through ``runtime.call_tool``,
which injects the store and turns failures into observations. The ``respond`` tool returns
directly and its ``content`` is the final answer; a model that stops with plain text instead has
that text taken as its answer. At most ``max_turns`` model calls (``ModelCallLimitMiddleware``).
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from crmarena.agents.base import (Episode, LockedStore, Timer, Usage, message_record, provider_error, system_prompt,
                                  text_of)
from crmarena.agents.config import AgentSettings, default_settings
from crmarena.agents.tools import RESPOND, toolset
from crmarena.agents.tools.runtime import call_tool
from crmarena.queries.model import TaskInstance
from crmarena.store.base import GraphStore


def _store_tools(store: GraphStore, tools: dict):
    from langchain.agents.middleware import AgentMiddleware

    class StoreTools(AgentMiddleware):
        """Runs every tool call through ``call_tool`` with the episode's store."""

        def wrap_tool_call(self, request, handler):
            call = request.tool_call
            obs = call_tool(tools.get(call["name"]), call.get("args") or {}, store, name=call["name"])
            return ToolMessage(content=obs.text, tool_call_id=call["id"], name=call["name"],
                               status="success" if obs.ok else "error")

    return StoreTools()


class FunctionCallingAgent:
    def __init__(self, model: BaseChatModel, flex: bool = False, settings: AgentSettings | None = None):
        self.model = model
        self.name = "flex" if flex else "fc"
        self.settings = settings or default_settings()
        self.tools = toolset("flex" if flex else "task")

    def run(self, task: TaskInstance, store: GraphStore) -> Episode:
        from langchain.agents import create_agent
        from langchain.agents.middleware import ModelCallLimitMiddleware
        from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError

        prompt = system_prompt(self.name, task, self.settings)
        agent = create_agent(self.model, tools=self.tools, system_prompt=prompt, middleware=[
            _store_tools(LockedStore.around(store), {t.name: t for t in self.tools}),   # parallel calls: one at a time
            ModelCallLimitMiddleware(run_limit=self.settings.max_turns, exit_behavior="error")])
        messages = [HumanMessage(task.query)]
        status, error = None, None
        with Timer() as timer:
            try:
                for state in agent.stream({"messages": messages}, stream_mode="values",
                                          config={"recursion_limit": 4 * self.settings.max_turns + 10}):
                    messages = state["messages"]
            except ModelCallLimitExceededError:
                status = "turn_limit"
            except Exception as e:  # noqa: BLE001 — a provider failure ends this episode only
                status, error = "error", provider_error(e)
        answer, final = _final_answer(messages)
        usage = Usage()
        for m in messages:
            if isinstance(m, AIMessage):
                usage.add(m)
        return Episode(answer=answer, status=status or final, turns=usage.model_calls,
                       trajectory=[message_record(SystemMessage(prompt))] + [message_record(m) for m in messages],
                       usage=usage, error=error, duration_s=timer.seconds)


def _final_answer(messages) -> tuple[str | None, str]:
    """(answer, status) from the end of a finished conversation."""
    last_ai = next((m for m in reversed(messages) if isinstance(m, AIMessage)), None)
    if last_ai is None:
        return None, "no_answer"
    for call in last_ai.tool_calls:
        if call["name"] == RESPOND:
            done = any(isinstance(m, ToolMessage) and m.tool_call_id == call["id"] and m.status != "error"
                       for m in messages)
            if done:
                content = call["args"].get("content", "")
                return (content if isinstance(content, str) else ", ".join(map(str, content))), "answered"
    if not last_ai.tool_calls and text_of(last_ai).strip():
        return text_of(last_ai).strip(), "answered"
    return None, "no_answer"
