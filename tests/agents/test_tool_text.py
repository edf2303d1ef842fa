"""Tool calls written as text (small open models, OpenAI-compatible servers) read into structured calls."""

from __future__ import annotations

import pytest

from crmarena.agents.tool_text import read_tool_calls

KNOWN = {"get_cases", "get_issues", "respond"}


@pytest.mark.parametrize("text", [
    '<tool_call>\n{"name": "get_cases", "arguments": {"start_date": "2023-01-01T00:00:00Z"}}\n</tool_call>',
    '{"name": "get_cases", "arguments": {"start_date": "2023-01-01T00:00:00Z"}}',
    '```json\n{"name": "get_cases", "parameters": {"start_date": "2023-01-01T00:00:00Z"}}\n```',
    '{"type": "function", "function": {"name": "get_cases", "arguments": "{\\"start_date\\": \\"2023-01-01T00:00:00Z\\"}"}}',
    '<|python_tag|>{"name": "get_cases", "parameters": {"start_date": "2023-01-01T00:00:00Z"}}',
    '```tool_code\nget_cases(start_date="2023-01-01T00:00:00Z")\n```',
    'get_cases(start_date="2023-01-01T00:00:00Z")',
])
def test_forms_of_a_text_tool_call(text):
    read = read_tool_calls(text, KNOWN)
    assert not read.problems
    assert [(c["name"], c["args"]) for c in read.calls] == [("get_cases", {"start_date": "2023-01-01T00:00:00Z"})]
    assert read.calls[0]["id"].startswith("text_")


def test_several_blocks_and_a_list():
    two = '<tool_call>{"name": "get_issues", "arguments": {}}</tool_call><tool_call>{"name": "respond", "arguments": {"content": "x"}}</tool_call>'
    assert [c["name"] for c in read_tool_calls(two, KNOWN).calls] == ["get_issues", "respond"]
    listed = '[{"name": "get_issues", "arguments": {}}, {"name": "respond", "arguments": {"content": "x"}}]'
    assert [c["name"] for c in read_tool_calls(listed, KNOWN).calls] == ["get_issues", "respond"]


def test_unreadable_tool_calls_are_problems_not_answers():
    assert read_tool_calls('{"name": "get_weather", "arguments": {}}', KNOWN).problems == ["unknown tool 'get_weather'"]
    broken = read_tool_calls('<tool_call>{"name": "get_cases", "arguments": {</tool_call>', KNOWN)
    assert not broken.calls and broken.problems and broken.problems[0].startswith("unreadable tool call")
    assert read_tool_calls('get_cases("2023")', KNOWN).problems == ["get_cases: pass arguments by name"]


@pytest.mark.parametrize("text", ["The answer is 005Ho00000AbCdE.", '{"answer": "March"}', "print(1)", ""])
def test_plain_answers_are_not_tool_calls(text):
    read = read_tool_calls(text, KNOWN)
    assert not read.found
