"""A GGUF's chat template rendered for LangChain messages: tool-aware templates and plain ones (offline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, TemplateError
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from crmarena.agents.chat_template import knows_tools, render
from crmarena.agents.tools import tools_by_name

FIXTURES = Path(__file__).parent / "fixtures"
TOOLS_TEMPLATE = (FIXTURES / "tools_template.jinja").read_text()
PLAIN_TEMPLATE = (FIXTURES / "plain_template.jinja").read_text()


def conversation():
    call = {"name": "get_issues", "args": {}, "id": "c1"}
    return [SystemMessage("You are a CRM assistant."), HumanMessage("Which issue is most common?"),
            AIMessage(content="", tool_calls=[call]),
            ToolMessage(content='[{"id": "a1M000000000001EAA", "name": "Late Delivery"}]', tool_call_id="c1",
                        name="get_issues")]


def tools():
    return [convert_to_openai_tool(tools_by_name("task")[n]) for n in ("get_issues", "respond")]


def test_a_tool_aware_template_gets_the_tools_and_openai_style_turns():
    assert knows_tools(TOOLS_TEMPLATE) and not knows_tools(PLAIN_TEMPLATE)
    prompt = render(TOOLS_TEMPLATE, conversation(), tools())
    assert prompt.startswith("<|im_start|>system\nYou are a CRM assistant.\n# Tools\n<tools>\n")
    assert '"name": "get_issues"' in prompt and '"name": "respond"' in prompt
    assert '<tool_call>{"name": "get_issues", "arguments": {}}</tool_call><|im_end|>' in prompt
    assert '<tool_response>[{"id": "a1M000000000001EAA", "name": "Late Delivery"}]</tool_response>' in prompt
    assert prompt.endswith("<|im_start|>assistant\n")


def test_a_plain_template_gets_tools_in_text_and_alternating_turns():
    prompt = render(PLAIN_TEMPLATE, conversation(), tools(), bos_token="<bos>")
    assert prompt.startswith("<bos><start_of_turn>user\nYou can call these tools.")
    assert "You are a CRM assistant." in prompt and "Which issue is most common?" in prompt
    # the instruction shows a real call (a placeholder such as TOOL_NAME was copied verbatim by Gemma)
    assert 'such as\n<tool_call>{"name": "get_issues", "arguments": {}}</tool_call>\n' in prompt
    assert "TOOL_NAME" not in prompt and "{...}" not in prompt
    assert '<start_of_turn>model\n<tool_call>{"name": "get_issues", "arguments": {}}</tool_call><end_of_turn>' in prompt
    assert "<start_of_turn>user\nTool result of get_issues: [{" in prompt
    assert prompt.count("<start_of_turn>user") == 2 and prompt.endswith("<start_of_turn>model\n")


def test_without_tools_a_plain_template_is_rendered_as_is():
    prompt = render(PLAIN_TEMPLATE, [SystemMessage("S"), HumanMessage("Q")])
    assert prompt == "<start_of_turn>user\nS\n\nQ<end_of_turn>\n<start_of_turn>model\n"


def test_template_errors_and_sandbox():
    bad = [HumanMessage("a"), HumanMessage("b")]
    with pytest.raises(TemplateError, match="roles must alternate"):     # a template's own refusal
        render("{{ raise_exception('roles must alternate') }}", bad)
    assert "a\n\nb" in render(PLAIN_TEMPLATE, bad)          # consecutive user turns are merged, not refused
    with pytest.raises(SecurityError):                       # a template is data from a file: sandboxed
        render("{{ ''.__class__.__mro__[1].__subclasses__() }}", bad)
