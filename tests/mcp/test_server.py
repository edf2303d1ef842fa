"""The MCP server end to end: the SDK's own client in process, and a LangChain agent over langchain-mcp-adapters."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import pytest

from langchain_core.messages import AIMessage

from crmarena.agents.base import text_of
from crmarena.agents.evaluate import evaluate
from crmarena.mcp.episodes import EpisodeBook
from crmarena.mcp.server import McpSettings, build_server
from tests.agents.scripted import Scripted, call, first_task


def book_for(tasks, tasks_file, out, trials=1):
    return EpisodeBook(tasks, out, tasks_file=tasks_file, org=None, store="embedded", tools="both", trials=trials)


async def with_client(server, work):
    from mcp.shared.memory import create_connected_server_and_client_session

    async with create_connected_server_and_client_session(server._mcp_server) as session:
        return await work(session)


def text(result) -> str:
    return result.content[0].text


def test_sdk_client_lists_tools_runs_them_and_submits_scored_episodes(tasks, tasks_file, store, tmp_path):
    book = book_for(tasks, tasks_file, tmp_path / "run")
    server = build_server(book, store, McpSettings(tools="both"))
    right, wrong = first_task(tasks, "best_region_identification"), first_task(tasks, "handle_time")

    async def work(s):
        names = {t.name for t in (await s.list_tools()).tools}
        listing = json.loads(text(await s.call_tool("list_tasks", {})))
        prompt = json.loads(text(await s.call_tool("get_task", {"idx": right.idx})))
        rows = json.loads(text(await s.call_tool("run_cypher", {"query": "MATCH (c:Case) RETURN count(c) AS n"})))
        refused = text(await s.call_tool("run_cypher", {"query": "MATCH (n) DETACH DELETE n"}))
        gold = ", ".join(right.answer)
        first = json.loads(text(await s.call_tool("submit_answer", {"idx": right.idx, "answer": gold})))
        again = text(await s.call_tool("submit_answer", {"idx": right.idx, "answer": "x"}))
        await s.call_tool("submit_answer", {"idx": wrong.idx, "answer": "None" if wrong.answer != ["None"] else "x"})
        schema = (await s.read_resource("crmarena://schema")).contents[0].text
        return names, listing, prompt, rows, refused, first, again, schema

    names, listing, prompt, rows, refused, first, again, schema = asyncio.run(with_client(server, work))
    book.close()
    assert {"run_cypher", "search", "get_cases", "list_tasks", "get_task", "submit_answer"} <= names
    assert "respond" not in names                                    # submit_answer ends an episode
    assert len(listing) == len(tasks) and prompt["question"] == right.query
    assert prompt["context"] == right.metadata.required.strip()
    assert rows == [{"n": store.run("MATCH (c:Case) RETURN count(c) AS n")[0]["n"]}]
    assert refused.startswith("Error: refused")
    assert first == {"idx": right.idx, "trial": 0, "recorded": True, "answer": ", ".join(right.answer)}
    assert again.startswith(f"Error: task {right.idx} already has its 1 submission")
    assert "(:Case)-[:OWNED_BY]->(:User)" in schema
    episodes = [json.loads(line) for line in (tmp_path / "run" / "episodes.jsonl").read_text().splitlines()]
    assert [(e["idx"], e["score"]) for e in episodes] == [(right.idx, 1.0), (wrong.idx, 0.0)]
    tool_names = [m["name"] for m in episodes[0]["trajectory"] if m["role"] == "tool"]
    assert tool_names == ["run_cypher", "run_cypher"]
    report = evaluate(tmp_path / "run")                                # crmarena eval reads the MCP run
    assert report["episodes"] == 2 and report["overall"] == pytest.approx(0.5)


def test_tool_sets(tasks, tasks_file, store, tmp_path):
    async def names(kind):
        book = book_for(tasks, tasks_file, tmp_path / kind)
        server = build_server(book, store, McpSettings(tools=kind))
        out = await with_client(server, lambda s: s.list_tools())
        book.close()
        return {t.name for t in out.tools}

    general, task = asyncio.run(names("general")), asyncio.run(names("task"))
    assert general == {"run_cypher", "search", "list_tasks", "get_task", "submit_answer"}
    assert "get_cases" in task and "run_cypher" not in task


def test_langchain_agent_over_mcp_adapters(tasks, tasks_file, store, tmp_path):
    from langchain.agents import create_agent
    from langchain_core.messages import HumanMessage
    from langchain_mcp_adapters.tools import load_mcp_tools

    task = first_task(tasks, "best_region_identification")
    p = task.parameters
    book = book_for(tasks, tasks_file, tmp_path / "run")
    server = build_server(book, store, McpSettings(tools="task"))

    def answer_from_closure_times(messages):
        assert not text_of(messages[-1]).startswith("Error"), text_of(messages[-1])
        values = json.loads(text_of(messages[-1]))
        best = (min if int(p.get("sign", 1)) == 1 else max)(values.values())   # sign -1 asks for the slowest
        winners = ", ".join(k for k, v in values.items() if v == best)
        return call("submit_answer", {"idx": task.idx, "answer": winners}, 4)

    def observed(messages):
        return json.loads(text_of(messages[-1]))

    def closed_before_today(messages):   # records on or after the instance's today do not count
        return [c for c in observed(messages) if c.get("closedDate") and c["closedDate"] < p["asOf"]]

    def states_with_enough_cases(messages):
        cases = observed(messages)
        n = Counter(c["shippingState"] for c in cases)
        return [c for c in cases if n[c["shippingState"]] >= int(p["minCases"])]

    steps = [call("get_task", {"idx": task.idx}, 0),
             call("get_cases", {"start_date": p["start"], "end_date": p["stop"], "statuses": ["Closed"]}, 1),
             lambda m: call("get_shipping_state", {"cases": closed_before_today(m)}, 2),   # records through MCP
             lambda m: call("calculate_region_average_closure_times", {"cases": states_with_enough_cases(m)}, 3),
             answer_from_closure_times]
    model = Scripted(steps=steps + [AIMessage(content="Submitted.")])

    async def work(session):
        tools = await load_mcp_tools(session)
        agent = create_agent(model, tools=tools)
        state = await agent.ainvoke({"messages": [HumanMessage("Solve the task.")]}, {"recursion_limit": 12})
        return state

    state = asyncio.run(with_client(server, work))
    book.close()
    assert [m.name for m in state["messages"] if m.type == "tool"] == [
        "get_task", "get_cases", "get_shipping_state", "calculate_region_average_closure_times", "submit_answer"]
    rec = json.loads((tmp_path / "run" / "episodes.jsonl").read_text().splitlines()[0])
    assert rec["idx"] == task.idx and rec["agent"] == "mcp" and rec["score"] == 1.0, rec["answer"]
