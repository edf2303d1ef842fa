"""Every framework end to end with scripted chat models against the real embedded store."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage

from crmarena.agents.act import TextProtocolAgent
from crmarena.agents.config import default_settings
from crmarena.agents.fc import FunctionCallingAgent
from crmarena.agents.runner import cost_usd, episode_record
from tests.agents.scripted import Scripted, call, first_task, last_observation, last_tool_value

SHORT = default_settings().model_copy(update={"max_turns": 3})


def say(text: str, usage: tuple[int, int] | None = None) -> AIMessage:
    meta = {"input_tokens": usage[0], "output_tokens": usage[1], "total_tokens": sum(usage)} if usage else None
    return AIMessage(content=text, usage_metadata=meta)


def scored(task, agent, ep):
    return episode_record(task, 0, agent.name, "openai:gpt-4o", ep)


def region_query(task) -> str:
    """An agent's own query for the task's rule: closed before today, states with enough cases, and the
    task's direction (``sign`` -1 asks for the slowest), so the smallest ``t`` wins either way."""
    p = task.parameters
    return ("MATCH (c:Case)-[:FOR_ACCOUNT]->(a:Account) WHERE c.status = 'Closed' "
            f"AND c.createdDate >= datetime('{p['start']}') AND c.createdDate < datetime('{p['stop']}') "
            f"AND c.closedDate < datetime('{p['asOf']}') "
            "WITH a.shippingState AS state, avg(duration.inSeconds(c.createdDate, c.closedDate).seconds) AS t, "
            f"count(c) AS n WHERE n >= {int(p['minCases'])} "
            f"RETURN state, {int(p['sign'])} * t AS t ORDER BY t")


def fastest_states(messages) -> AIMessage:
    rows = [r for r in last_observation(messages) if r["state"]]
    best = min(r["t"] for r in rows)
    return say("<thought>the smallest average wins</thought><respond>"
               + ", ".join(r["state"] for r in rows if r["t"] == best) + "</respond>")


@pytest.mark.parametrize("react", [False, True])
def test_text_protocol_answers_from_real_rows(tasks, store, react):
    task = first_task(tasks, "best_region_identification")
    thought = "<thought>average close time per state</thought>" if react else ""
    model = Scripted(steps=[say(f"{thought}<execute>\n```cypher\n{region_query(task)}\n```\n</execute>", (900, 80)),
                            fastest_states])
    agent = TextProtocolAgent(model, react=react)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "answered" and rec["turns"] == 2
    assert rec["score"] == 1.0, (rec["answer"], task.answer)
    assert rec["usage"]["input_tokens"] == 900 and rec["usage"]["output_tokens"] == 80
    assert rec["cost_usd"] == pytest.approx(cost_usd("openai:gpt-4o", rec["usage"]))
    roles = [m["role"] for m in rec["trajectory"]]
    assert roles == ["system", "user", "assistant", "user", "assistant"]
    assert "shippingState" in rec["trajectory"][0]["content"]          # the schema is in the prompt
    assert task.metadata.required.splitlines()[0] in rec["trajectory"][0]["content"]


def test_wrong_answer_scores_zero(tasks, store):
    task = first_task(tasks, "case_routing")
    wrong = "None"
    agent = TextProtocolAgent(Scripted(steps=[say(f"<thought>guess</thought><respond>{wrong}</respond>")]), react=True)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "answered" and rec["score"] == 0.0


def test_malformed_output_gets_an_invalid_format_observation(tasks, store):
    task = first_task(tasks, "best_region_identification")
    steps = [say("The answer is probably CA."),                                  # no tags at all
             say("<execute>MATCH (c:Case) RETURN count(c) AS n</execute>"),      # ReAct needs a thought first
             say("<thought>count cases</thought><execute>MATCH (c:Case) RETURN count(c) AS n</execute>"),
             say(f"<thought>done</thought><respond>{task.answer[0]}</respond>")]
    agent = TextProtocolAgent(Scripted(steps=steps), react=True)
    rec = scored(task, agent, agent.run(task, store))
    observations = [m["content"] for m in rec["trajectory"] if m["role"] == "user"][1:]
    assert observations[0].startswith("Observation: Invalid format")
    assert observations[1].startswith("Observation: Invalid format")
    n = store.run("MATCH (c:Case) RETURN count(c) AS n")[0]["n"]
    assert observations[2] == f'Observation: [{{"n": {n}}}]'
    assert rec["status"] == "answered" and rec["turns"] == 4


def test_tool_errors_are_observations_and_the_episode_goes_on(tasks, store):
    task = first_task(tasks, "best_region_identification")
    steps = [say("<execute>MATCH (n) DETACH DELETE n</execute>"),
             say("<execute>MATCH (c:Case RETURN c</execute>"),
             say('<search index="knowledge_text">refund</search>'),
             say(f"<respond>{', '.join(task.answer)}</respond>")]
    agent = TextProtocolAgent(Scripted(steps=steps), react=False)
    rec = scored(task, agent, agent.run(task, store))
    observations = [m["content"] for m in rec["trajectory"] if m["role"] == "user"][1:]
    assert observations[0].startswith("Observation: Error: refused")
    assert observations[1].startswith("Observation: Error:")
    assert '"index": "knowledge_text"' in observations[2] or observations[2] == "Observation: []"
    assert rec["score"] == 1.0
    assert store.run("MATCH (c:Case) RETURN count(c) AS n")[0]["n"] > 0   # nothing was deleted


def test_turn_limit(tasks, store):
    task = first_task(tasks, "best_region_identification")
    agent = TextProtocolAgent(Scripted(steps=[say("<execute>MATCH (u:User) RETURN count(u)</execute>")] * 5),
                              react=False, settings=SHORT)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "turn_limit" and rec["turns"] == 3 and rec["answer"] is None and rec["score"] == 0.0


def test_provider_error_ends_only_the_episode(tasks, store):
    task = first_task(tasks, "best_region_identification")
    agent = TextProtocolAgent(Scripted(steps=[say("<execute>MATCH (u:User) RETURN count(u)</execute>"),
                                              ConnectionError("502 Bad Gateway")]), react=False)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "error" and "502 Bad Gateway" in rec["error"] and rec["score"] == 0.0
    assert rec["turns"] == 1 and len(rec["trajectory"]) == 4


def test_function_calling_chains_task_tools(tasks, store):
    task = first_task(tasks, "top_issue_identification")
    p = task.parameters
    window = {"start_date": p["start"], "end_date": p["stop"]}
    steps = [call("get_order_item_ids_by_product", {"product_id": p["productId"]}, 0, (1000, 30)),
             lambda m: call("get_issue_counts", {**window, "order_item_ids": last_tool_value(m)}, 1, (1200, 40)),
             lambda m: call("find_id_with_max_value", {"values_by_id": last_tool_value(m)}, 2),
             lambda m: call("respond", {"content": ", ".join(last_tool_value(m)) or "None"}, 3)]
    model = Scripted(steps=steps)
    agent = FunctionCallingAgent(model)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "answered" and rec["score"] == 1.0, (rec["answer"], task.answer, rec["error"])
    assert rec["turns"] == 4 and rec["usage"]["input_tokens"] == 2200
    assert "get_issue_counts" in model.bound and "run_cypher" not in model.bound and "respond" in model.bound
    tools = [m for m in rec["trajectory"] if m["role"] == "tool"]
    assert [t["name"] for t in tools] == ["get_order_item_ids_by_product", "get_issue_counts",
                                          "find_id_with_max_value", "respond"]


def test_function_calling_tool_errors_and_unknown_tools(tasks, store):
    task = first_task(tasks, "best_region_identification")
    steps = [call("get_period", {"period_name": "Smarch", "year": 2023}, 0),
             call("get_cases", {"start_date": "yesterday"}, 1),
             call("run_cypher", {"query": "MATCH (c:Case) RETURN count(c)"}, 2),   # not an fc tool
             call("respond", {"content": ", ".join(task.answer)}, 3)]
    agent = FunctionCallingAgent(Scripted(steps=steps))
    rec = scored(task, agent, agent.run(task, store))
    tools = [m for m in rec["trajectory"] if m["role"] == "tool"]
    assert [t["status"] for t in tools] == ["error", "error", "error", "success"]
    assert tools[0]["content"].startswith("Error: unknown period")
    assert tools[2]["content"] == "Error: unknown tool 'run_cypher'"
    assert rec["status"] == "answered" and rec["score"] == 1.0


def test_flex_adds_the_general_tools(tasks, store):
    task = first_task(tasks, "best_region_identification")
    steps = [call("run_cypher", {"query": region_query(task)}, 0),
             lambda m: call("respond", {"content": ", ".join(
                 r["state"] for r in last_tool_value(m) if r["t"] == min(x["t"] for x in last_tool_value(m)))}, 1)]
    model = Scripted(steps=steps)
    agent = FunctionCallingAgent(model, flex=True)
    rec = scored(task, agent, agent.run(task, store))
    assert {"run_cypher", "search", "get_cases"} <= set(model.bound)
    assert rec["status"] == "answered" and rec["score"] == 1.0


def test_function_calling_turn_limit_and_plain_text_answers(tasks, store):
    task = first_task(tasks, "best_region_identification")
    agent = FunctionCallingAgent(Scripted(steps=[call("get_issues", {}, i) for i in range(6)]), settings=SHORT)
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "turn_limit" and rec["turns"] == 3 and rec["answer"] is None
    agent = FunctionCallingAgent(Scripted(steps=[say(f"The states are {', '.join(task.answer)}.")]))
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "answered" and rec["score"] == 1.0


def test_function_calling_provider_error(tasks, store):
    task = first_task(tasks, "best_region_identification")
    agent = FunctionCallingAgent(Scripted(steps=[call("get_issues", {}, 0), TimeoutError("read timed out")]))
    rec = scored(task, agent, agent.run(task, store))
    assert rec["status"] == "error" and "read timed out" in rec["error"]
    assert [m["role"] for m in rec["trajectory"]] == ["system", "user", "assistant", "tool"]


def test_parallel_tool_calls_in_one_turn(tasks, store):
    task = first_task(tasks, "monthly_trend_analysis")
    p = task.parameters
    window = {"start_date": p["start"], "end_date": p["stop"]}
    many = AIMessage(content="", tool_calls=[
        {"name": "get_order_item_ids_by_product", "args": {"product_id": p["productId"]}, "id": "a"},
        {"name": "get_issues", "args": {}, "id": "b"},
        {"name": "get_cases", "args": {**window, "statuses": ["Closed"]}, "id": "c"},
        {"name": "get_period", "args": {"period_name": "Q9", "year": 2023}, "id": "d"}])

    def cases_of_product(messages):
        items = next(m for m in messages if getattr(m, "tool_call_id", None) == "a")
        import json
        return call("get_cases", {**window, "order_item_ids": json.loads(items.content)}, 5)

    steps = [many, cases_of_product,
             lambda m: call("get_month_to_case_count", {"cases": last_tool_value(m)}, 6),
             lambda m: call("find_id_with_max_value", {"values_by_id": last_tool_value(m)}, 7),
             lambda m: call("respond", {"content": last_tool_value(m)}, 8)]      # a list is joined
    agent = FunctionCallingAgent(Scripted(steps=steps))
    rec = scored(task, agent, agent.run(task, store))
    first = [m for m in rec["trajectory"] if m["role"] == "tool"][:4]
    assert sorted(m["tool_call_id"] for m in first) == ["a", "b", "c", "d"]
    assert [m["status"] for m in sorted(first, key=lambda m: m["tool_call_id"])] == ["success"] * 3 + ["error"]
    assert rec["status"] == "answered" and rec["score"] == 1.0, (rec["answer"], task.answer)
