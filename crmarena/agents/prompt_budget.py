"""The first prompt of each framework for a task, and its size in tokens (the prompt budget).

``first_prompt`` is exactly what a framework sends on its first model call: the system prompt
(schema, protocol, context, answer format), the question, and for fc/flex the tool schemas.
``prompt_sizes`` measures it per (framework, task) with a caller's token counter over the rendered
text, e.g. a GGUF's own tokenizer and chat template (``llamacpp_counter``), or characters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from crmarena.agents.base import system_prompt
from crmarena.agents.config import AgentSettings
from crmarena.agents.tools import toolset
from crmarena.queries.model import TaskInstance

TOOLSETS = {"act": None, "react": None, "fc": "task", "flex": "flex"}
Counter = Callable[[list[BaseMessage], list[dict] | None], int]


@dataclass(frozen=True)
class PromptSize:
    framework: str
    task: str
    schema: str
    tokens: int
    chars: int


def first_prompt(framework: str, task: TaskInstance,
                 settings: AgentSettings) -> tuple[list[BaseMessage], list[dict] | None]:
    kind = TOOLSETS[framework]
    from crmarena.tasks.registry import suite_of

    tools = [convert_to_openai_tool(t) for t in toolset(kind, suite_of(task.task))] if kind else None
    return [SystemMessage(system_prompt(framework, task, settings)), HumanMessage(task.query)], tools


def char_count(messages: list[BaseMessage], tools: list[dict] | None) -> int:
    return sum(len(str(m.content)) for m in messages) + (len(json.dumps(tools)) if tools else 0)


def llamacpp_counter(path: str) -> Counter:
    """Tokens of the prompt as a GGUF model sees it: its chat template and its tokenizer (vocabulary only)."""
    from llama_cpp import Llama

    from crmarena.agents.chat_template import render

    llm = Llama(model_path=path, vocab_only=True, verbose=False)
    template = llm.metadata.get("tokenizer.chat_template", "")

    def count(messages, tools):
        return len(llm.tokenize(render(template, messages, tools).encode(), add_bos=False, special=True))

    return count


def prompt_sizes(tasks: list[TaskInstance], frameworks: tuple[str, ...], settings: AgentSettings,
                 count: Counter = char_count) -> list[PromptSize]:
    """One row per (framework, task name): the first prompt of the task's first instance."""
    firsts: dict[str, TaskInstance] = {}
    for t in tasks:
        firsts.setdefault(t.task, t)
    rows = []
    for fw in frameworks:
        for name, task in firsts.items():
            messages, tools = first_prompt(fw, task, settings)
            rows.append(PromptSize(fw, name, settings.schema_scope, count(messages, tools),
                                   char_count(messages, tools)))
    return rows
