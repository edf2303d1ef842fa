"""A GGUF's own chat template (Jinja, from its ``tokenizer.chat_template`` metadata), rendered for LangChain messages.

Templates that know tools (they use a ``tools`` variable: Qwen 2.5, Hermes, Llama 3.1+, Mistral)
get the tool schemas and OpenAI-style ``tool_calls`` / ``tool`` messages as they expect. Templates
that do not (Gemma 3 and other plain chat templates, which often insist on alternating
user/assistant roles) get the tools described in the system text with a real example call of one of them,
``<tool_call>{"name": "get_issues", "arguments": {}}</tool_call>``; earlier tool calls are shown in that
form and tool results become user turns ("Tool result of NAME: ..."), consecutive same-role turns
merged. Either way the reply's tool-call blocks are read by ``tool_text.read_tool_calls``.
Rendering runs in Jinja's sandbox: a template is data from a model file, never trusted code.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage

TOOLS_IN_TEXT = (
    "You can call these tools. To call one, reply with one block such as\n{example}\n"
    "and nothing else; the result comes back in the next message. Tools:\n{tools}")


def knows_tools(template: str) -> bool:
    return "tools" in template and "tool_call" in template


def _content(m: BaseMessage) -> str:
    if isinstance(m.content, str):
        return m.content
    return "".join(b if isinstance(b, str) else b.get("text", "") for b in m.content if isinstance(b, (str, dict)))


def _openai_messages(messages: list[BaseMessage]) -> list[dict[str, Any]]:
    out = []
    for m in messages:
        if isinstance(m, ToolMessage):
            out.append({"role": "tool", "content": _content(m), "tool_call_id": m.tool_call_id, "name": m.name})
        elif isinstance(m, AIMessage):
            rec: dict[str, Any] = {"role": "assistant", "content": _content(m)}
            if m.tool_calls:
                rec["tool_calls"] = [{"id": c.get("id"), "type": "function",
                                      "function": {"name": c["name"], "arguments": c["args"]}} for c in m.tool_calls]
            out.append(rec)
        else:
            out.append({"role": "system" if isinstance(m, SystemMessage) else "user", "content": _content(m)})
    return out


def _tool_line(tool: dict[str, Any]) -> str:
    fn = tool.get("function", tool)
    return json.dumps({"name": fn["name"], "description": fn.get("description", ""),
                       "parameters": fn.get("parameters", {})}, ensure_ascii=False)


def _example_call(tools: list[dict[str, Any]]) -> str:
    """A real call of one of the tools (not a placeholder a small model would copy): the first tool
    that needs no arguments, else the first tool with its required arguments shown as "..."."""
    fns = [t.get("function", t) for t in tools]
    free = next((f for f in fns if not f.get("parameters", {}).get("required")), None)
    fn = free or fns[0]
    args = {} if free else {k: "..." for k in fn["parameters"]["required"]}
    return _call_block({"function": {"name": fn["name"], "arguments": args}})


def _call_block(call: dict[str, Any]) -> str:
    body = {"name": call["function"]["name"], "arguments": call["function"]["arguments"]}
    return f"<tool_call>{json.dumps(body, ensure_ascii=False)}</tool_call>"


def _plain_messages(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Messages for a template without tool support: tools in the system text, tool turns as text."""
    out: list[dict[str, Any]] = []

    def put(role: str, text: str) -> None:
        if out and out[-1]["role"] == role:
            out[-1]["content"] += "\n\n" + text
        else:
            out.append({"role": role, "content": text})

    if tools:
        put("system", TOOLS_IN_TEXT.format(example=_example_call(tools),
                                           tools="\n".join(_tool_line(t) for t in tools)))
    for m in messages:
        if m["role"] == "tool":
            put("user", f"Tool result of {m.get('name') or 'the tool'}: {m['content']}")
        elif m["role"] == "assistant":
            calls = "".join(_call_block(c) for c in m.get("tool_calls", []))
            put("assistant", (m["content"] + calls).strip() or "(no reply)")
        else:
            put(m["role"], m["content"])
    if out and out[0]["role"] == "system" and len(out) > 1 and out[1]["role"] == "system":
        out[0]["content"] += "\n\n" + out.pop(1)["content"]
    return out


def render(template: str, messages: list[BaseMessage], tools: list[dict[str, Any]] | None = None, *,
           bos_token: str = "", eos_token: str = "") -> str:
    """The prompt text the model sees, with the generation prompt of the assistant's next turn."""
    from jinja2.exceptions import TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str):
        raise TemplateError(message)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.filters["tojson"] = lambda v, indent=None, **_: json.dumps(v, ensure_ascii=False, indent=indent)
    env.globals.update(raise_exception=raise_exception,
                       strftime_now=lambda fmt: datetime.now(timezone.utc).strftime(fmt))
    msgs = _openai_messages(messages)
    with_tools = knows_tools(template)
    if not with_tools:
        msgs = _plain_messages(msgs, tools)
    return env.from_string(template).render(messages=msgs, tools=tools if with_tools and tools else None,
                                            add_generation_prompt=True, bos_token=bos_token, eos_token=eos_token)
