"""Function calling: LangChain's ``create_agent`` with the task tools (``fc``) or task + general tools (``flex``).

Tools are executed by the ``Harness`` middleware through ``runtime.call_tool``, which injects the
store and turns failures into observations. The ``respond`` tool returns directly and its
``content`` is the final answer. The harness also times and logs every model call (``turns``),
reads tool calls written as text into structured calls (``tool_text``), and never takes as the
final answer a reply that is cut off at the token limit, degenerately repetitive, or a tool call it
could not read: the model gets a one-line observation saying so and another turn. The same refused
reply three times in a row ends the episode (``stop_rule: repetition``). Any other plain-text reply is
taken as the answer. At most ``max_turns`` model calls (``ModelCallLimitMiddleware``).
"""

from __future__ import annotations

from time import perf_counter

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from crmarena.agents.base import (Episode, LockedStore, Timer, Usage, message_record, provider_error, system_prompt,
                                  text_of)
from crmarena.agents.config import AgentSettings, default_settings
from crmarena.agents.config import data_yaml
from crmarena.agents.tool_text import read_tool_calls
from crmarena.agents.tools import RESPOND, toolset
from crmarena.agents.tools.runtime import call_tool
from crmarena.agents.turns import RepeatStop, TurnLog, cut_off, degenerate, finish_reason
from crmarena.queries.model import TaskInstance
from crmarena.store.base import GraphStore


def _feedback(reply: AIMessage, problems: list[str]) -> str | None:
    """The observation for a reply that must not be taken as the final answer, or None to accept it."""
    texts = data_yaml("prompts.yaml")["fc_feedback"]
    if cut_off(reply):
        return texts["cut_off"]
    if problems or reply.invalid_tool_calls:
        return texts["unreadable"].format(problem="; ".join(problems[:3]) or "invalid tool call")
    if degenerate(text_of(reply)) is not None or finish_reason(reply) == "repetition":
        return texts["repetition"]
    return None


def _harness(store: GraphStore, tools: dict, log: TurnLog, stop: dict, settings: AgentSettings):
    from langchain.agents.middleware import AgentMiddleware, hook_config
    from langchain.agents.middleware.types import ModelResponse

    known, repeats = set(tools), RepeatStop()

    class Harness(AgentMiddleware):
        """Times and logs model calls, reads text tool calls, refuses non-answers; runs tool calls."""

        def wrap_model_call(self, request, handler):
            t0 = perf_counter()
            response = handler(request)
            seconds = perf_counter() - t0
            result = list(response.result)
            at = next((i for i in range(len(result) - 1, -1, -1) if isinstance(result[i], AIMessage)), None)
            if at is None:
                return response
            reply, read = result[at], None
            if not reply.tool_calls:
                read = read_tool_calls(text_of(reply), known)
                if read.calls:
                    result[at] = reply = reply.model_copy(update={"tool_calls": read.calls})
            log.add(reply, seconds, from_text=len(read.calls) if read else 0,
                    unparsed=read.problems if read else None)
            return ModelResponse(result=result, structured_response=response.structured_response)

        @hook_config(can_jump_to=["model", "end"])
        def after_model(self, state, runtime):
            reply = state["messages"][-1]
            if not isinstance(reply, AIMessage):
                return None
            if reply.tool_calls:
                repeats.reset()
                return None
            if repeats.seen(text_of(reply)):
                stop["rule"] = "repetition"
                return {"jump_to": "end"}
            feedback = _feedback(reply, log.turns[-1]["unparsed_tool_calls"] if log.turns else [])
            if feedback is None:
                return None
            log.note(feedback=feedback)
            return {"messages": [HumanMessage(feedback)], "jump_to": "model"}

        def wrap_tool_call(self, request, handler):
            call = request.tool_call
            obs = call_tool(tools.get(call["name"]), call.get("args") or {}, store, name=call["name"],
                            settings=settings)
            return ToolMessage(content=obs.text, tool_call_id=call["id"], name=call["name"],
                               status="success" if obs.ok else "error")

    return Harness()


class FunctionCallingAgent:
    def __init__(self, model: BaseChatModel, flex: bool = False, settings: AgentSettings | None = None):
        self.model = model
        self.name = "flex" if flex else "fc"
        self.settings = settings or default_settings()
        self.kind = "flex" if flex else "task"

    def run(self, task: TaskInstance, store: GraphStore, history: list | None = None) -> Episode:
        from langchain.agents import create_agent
        from langchain.agents.middleware import ModelCallLimitMiddleware
        from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError

        from crmarena.tasks.registry import suite_of

        prompt = system_prompt(self.name, task, self.settings)
        tools = toolset(self.kind, suite_of(task.task))   # the toolbox of the benchmark the task is from
        log, stop = TurnLog(), {}
        agent = create_agent(self.model, tools=tools, system_prompt=prompt, middleware=[
            _harness(LockedStore.around(store), {t.name: t for t in tools}, log, stop, self.settings),  # one call at a time
            ModelCallLimitMiddleware(run_limit=self.settings.max_turns, exit_behavior="error")])
        messages = list(history or [HumanMessage(task.query)])
        earlier = len(messages)
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
        answer, final = _final_answer(messages[earlier:])
        if stop.get("rule"):
            answer, final = None, "no_answer"
        usage = Usage()
        for m in messages[earlier:]:                  # this run's model calls (not the history's)
            if isinstance(m, AIMessage):
                usage.add(m)
        return Episode(answer=answer, status=status or final, turns=usage.model_calls,
                       trajectory=[message_record(SystemMessage(prompt))] + [message_record(m) for m in messages],
                       usage=usage, error=error, duration_s=timer.seconds, turn_log=log.turns,
                       stop_rule=stop.get("rule"), messages=messages)


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
    if not last_ai.tool_calls and messages[-1] is last_ai and text_of(last_ai).strip():   # not refused by feedback
        return text_of(last_ai).strip(), "answered"
    return None, "no_answer"
