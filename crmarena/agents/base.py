"""What every agent shares: the episode record, token accounting, prompts and chat models by name."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from crmarena.agents.config import AgentSettings, data_yaml
from crmarena.errors import CrmarenaError
from crmarena.queries.model import TaskInstance
from crmarena.store.base import GraphStore

# Episode statuses: answered (a final answer was given), turn_limit (max_turns model calls without
# one), no_answer (the model stopped without answering), error (the model provider or harness failed).
STATUSES = ("answered", "turn_limit", "no_answer", "error")


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    model_calls: int = 0

    def add(self, message: AIMessage) -> None:
        meta = getattr(message, "usage_metadata", None) or {}
        self.input_tokens += int(meta.get("input_tokens") or 0)
        self.output_tokens += int(meta.get("output_tokens") or 0)
        self.model_calls += 1

    def merge(self, other: "Usage") -> None:
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.model_calls += other.model_calls

    def as_dict(self) -> dict[str, int]:
        return {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens,
                "total_tokens": self.input_tokens + self.output_tokens, "model_calls": self.model_calls}


@dataclass
class Episode:
    """One agent run on one task instance (before scoring)."""

    answer: str | None
    status: str
    turns: int
    trajectory: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    error: str | None = None
    duration_s: float = 0.0
    turn_log: list[dict[str, Any]] = field(default_factory=list)   # one record per model call (turns.TurnLog)
    stop_rule: str | None = None          # a harness rule that ended the episode early (e.g. "repetition")
    user_turns: int | None = None         # multi-turn mode: how often the simulated user spoke
    # the conversation as LangChain messages without the system prompt (multi-turn mode continues it)
    messages: list = field(default_factory=list, repr=False)


class Agent(Protocol):
    name: str

    def run(self, task: TaskInstance, store: GraphStore, history: list | None = None) -> Episode:
        """One episode; ``history`` (multi-turn mode) is the conversation so far, ending with the
        user's latest message, instead of the task's question."""


def message_record(m: BaseMessage) -> dict[str, Any]:
    """A message as a plain JSON record for the trajectory."""
    role = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}.get(m.type, m.type)
    rec: dict[str, Any] = {"role": role, "content": m.content if isinstance(m.content, str) else str(m.content)}
    if isinstance(m, AIMessage) and m.tool_calls:
        rec["tool_calls"] = [{"name": c["name"], "args": c["args"], "id": c.get("id")} for c in m.tool_calls]
    if m.type == "tool":
        rec["name"] = getattr(m, "name", None)
        rec["tool_call_id"] = getattr(m, "tool_call_id", None)
        rec["status"] = getattr(m, "status", "success")
    raw = (getattr(m, "response_metadata", None) or {}).get("raw_text")
    if isinstance(m, AIMessage) and raw is not None and raw != rec["content"]:
        rec["raw_text"] = raw          # what a local model wrote before its tool-call blocks were read
    if isinstance(m, AIMessage) and m.usage_metadata:
        rec["usage"] = {k: m.usage_metadata.get(k) for k in ("input_tokens", "output_tokens")}
    return rec


def text_of(m: BaseMessage) -> str:
    """A message's text, whether its content is a string or a list of content blocks."""
    if isinstance(m.content, str):
        return m.content
    parts = []
    for block in m.content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(block.get("text", ""))
    return "".join(parts)


def system_prompt(framework: str, task: TaskInstance, settings: AgentSettings) -> str:
    """The framework's system prompt (``crmarena/data/agents/prompts.yaml``) with schema and context.

    The schema is the whole graph's, or with ``schema_scope: task`` only what the task's gold query
    touches (``task_schema``)."""
    from crmarena.graph_schema.render import agent_text

    prompts = data_yaml("prompts.yaml")
    body = prompts[framework].format(max_turns=settings.max_turns)
    if settings.interactive:
        body = body.rstrip() + "\n\n" + prompts["interactive"].strip()
    if settings.privacy_prompt:
        body = body.rstrip() + "\n\n" + prompts["privacy"].strip()
    context = task.metadata.required.strip() or "(none)"
    hints = task.metadata.optional.strip()
    schema = None
    if settings.schema_scope == "task":
        from crmarena.agents.task_schema import task_schema_text

        schema = task_schema_text(task.task)
    return prompts["frame"].format(schema=schema or agent_text(), protocol=body.strip(), context=context,
                                   hints=f"\nDomain hints:\n{hints}\n" if hints else "",
                                   answer_format=prompts["answer_format"].strip())


# Field names chat-model classes use for the settings a run sets (first one the class has wins).
_SETTING_FIELDS = {"temperature": ("temperature",),
                   "max_tokens": ("max_tokens", "max_output_tokens", "max_completion_tokens", "num_predict",
                                  "max_new_tokens"),
                   "stop": ("stop", "stop_sequences")}


def apply_settings(model: BaseChatModel, settings: AgentSettings) -> tuple[BaseChatModel, dict[str, Any]]:
    """A copy of ``model`` with the run's temperature, max_tokens and stop set, and what was set.

    A setting the model class has no field for is recorded as None ("not set"), never claimed; an
    unset max_tokens or empty stop leaves the model's own value, which is recorded as it is.
    """
    fields = type(model).model_fields
    wanted = {"temperature": settings.temperature, "max_tokens": settings.max_tokens,
              "stop": list(settings.stop) or None}
    update, applied = {}, {}
    for key, value in wanted.items():
        name = next((f for f in _SETTING_FIELDS[key] if f in fields), None)
        if name is None:
            applied[key] = None
            continue
        if value is not None:
            update[name] = value
        current = update.get(name, getattr(model, name, None))
        applied[key] = list(current) if isinstance(current, (list, tuple)) else current
    return (model.model_copy(update=update) if update else model), applied


def chat_model(model: str | BaseChatModel, settings: AgentSettings,
               base_url: str | None = None) -> tuple[BaseChatModel, dict[str, Any]]:
    """A chat model with the run's settings applied, and the settings it has (``apply_settings``).

    ``model`` is an instance, ``llamacpp:PATH.gguf`` (a local GGUF through llama-cpp-python), or
    ``provider:model`` through ``init_chat_model``; with ``base_url``, ``openai:NAME`` talks to any
    OpenAI-compatible server (vLLM, llama.cpp server, Ollama).
    """
    if isinstance(model, BaseChatModel):
        return apply_settings(model, settings)
    if not model or ":" not in model:
        raise CrmarenaError(f"--model must be PROVIDER:MODEL (e.g. openai:gpt-4o) or llamacpp:PATH.gguf, "
                            f"not {model!r}")
    provider, name = model.split(":", 1)
    if provider == "llamacpp":
        from crmarena.agents.llamacpp import local_chat_model

        llm, applied = apply_settings(local_chat_model(name, settings), settings)
        return llm, {**applied, "chat_template": llm.chat_template_source}
    if base_url is not None:
        from crmarena.agents.local_server import server_chat_model

        return apply_settings(server_chat_model(provider, name, base_url), settings)
    from langchain.chat_models import init_chat_model

    try:
        llm = init_chat_model(model, temperature=settings.temperature)
    except (ImportError, ValueError) as e:
        raise CrmarenaError(f"cannot load {model}: {' '.join(str(e).split())}") from None
    return apply_settings(llm, settings)


class LockedStore:
    """A store shared by threads (run workers, parallel tool calls), one statement at a time."""

    def __init__(self, store: GraphStore):
        self._store, self._lock = store, threading.Lock()
        self.backend = store.backend

    def run(self, cypher, params=None, **kw):
        with self._lock:
            return self._store.run(cypher, params, **kw)

    def search(self, index, text, limit=10):
        with self._lock:
            return self._store.search(index, text, limit)

    @classmethod
    def around(cls, store: GraphStore) -> "LockedStore":
        return store if isinstance(store, LockedStore) else cls(store)

    def org_fingerprint(self) -> str | None:
        with self._lock:
            return self._store.org_fingerprint()

    def close(self) -> None:
        self._store.close()

    def __getattr__(self, name: str):          # anything else of the store (counts, ...), unlocked
        return getattr(self._store, name)


class Timer:
    def __enter__(self) -> "Timer":
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.t0


def provider_error(e: BaseException) -> str:
    return f"{type(e).__name__}: {' '.join(str(e).split())[:500]}"
