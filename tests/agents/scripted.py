"""Scripted chat models for offline agent tests, built on LangChain's fake chat models.

``Scripted(steps)``: each model call takes the next step — an ``AIMessage`` (returned as is, tool
calls included), a callable ``messages -> AIMessage`` (to answer from what the tools returned), or
an exception (raised, like a provider failure). ``bind_tools`` returns the model itself, so the
function-calling agent can use it; the tools it was bound to are kept for inspection.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

Step = AIMessage | Callable[[list[BaseMessage]], AIMessage] | BaseException


class Scripted(FakeMessagesListChatModel):
    steps: list[Any]
    responses: list[BaseMessage] = []
    calls: int = 0
    bound: list[str] = []

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        if self.calls >= len(self.steps):
            raise AssertionError(f"the script has only {len(self.steps)} steps")
        step = self.steps[self.calls]
        self.calls += 1
        if isinstance(step, BaseException):
            raise step
        message = step(list(messages)) if callable(step) else step
        return ChatResult(generations=[ChatGeneration(message=message)])

    def bind_tools(self, tools, **kwargs):
        self.bound = [getattr(t, "name", None) or t.get("name") for t in tools]
        return self


def call(name: str, args: dict, n: int = 0, usage: tuple[int, int] | None = None) -> AIMessage:
    meta = {"input_tokens": usage[0], "output_tokens": usage[1], "total_tokens": sum(usage)} if usage else None
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call{n}"}], usage_metadata=meta)


def last_tool_value(messages: list[BaseMessage]) -> Any:
    """The JSON value of the last tool observation."""
    tool = next(m for m in reversed(messages) if isinstance(m, ToolMessage))
    return json.loads(tool.content)


def last_observation(messages: list[BaseMessage]) -> Any:
    """The JSON value of the last text-protocol observation ("Observation: ...")."""
    text = messages[-1].content
    assert text.startswith("Observation: "), text
    return json.loads(text.removeprefix("Observation: "))


def first_task(tasks, name: str, answerable: bool = True):
    for t in tasks:
        if t.task == name and (not answerable or not t.is_none):
            return t
    raise AssertionError(f"no {'answerable ' if answerable else ''}{name} task in the fixture")
