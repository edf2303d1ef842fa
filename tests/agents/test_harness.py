"""The harness rules on replies real local models gave (issue 17), driven by scripted chat models."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from crmarena.agents.act import TextProtocolAgent
from crmarena.agents.base import apply_settings
from crmarena.agents.config import default_settings
from crmarena.agents.fc import FunctionCallingAgent
from crmarena.agents.runner import episode_record
from tests.agents.scripted import Scripted, first_task


def say(text, finish=None, usage=(100, 10)):
    return AIMessage(content=text, response_metadata={"finish_reason": finish} if finish else {},
                     usage_metadata={"input_tokens": usage[0], "output_tokens": usage[1], "total_tokens": sum(usage)})


def scored(task, agent, ep, model="openai:gpt-4o"):
    return episode_record(task, 0, agent.name, model, ep)


def test_fc_runs_a_tool_call_written_as_json_text(tasks, store):
    task = first_task(tasks, "best_region_identification")
    answer = ", ".join(task.answer)
    steps = [say('{"name": "get_issues", "arguments": {}}'),              # the reply that was scored as answer
             lambda m: say(f'<tool_call>{{"name": "respond", "arguments": {{"content": "{answer}"}}}}</tool_call>')]
    agent = FunctionCallingAgent(Scripted(steps=steps))
    rec = scored(task, agent, agent.run(task, store))
    tools = [m for m in rec["trajectory"] if m["role"] == "tool"]
    assert [t["name"] for t in tools] == ["get_issues", "respond"] and tools[0]["status"] == "success"
    assert rec["status"] == "answered" and rec["answer"] == answer and rec["score"] == 1.0
    assert [t["tool_calls_from_text"] for t in rec["turn_log"]] == [1, 1]


def test_fc_never_scores_an_unreadable_tool_call_or_a_cut_off_reply(tasks, store):
    task = first_task(tasks, "best_region_identification")
    steps = [say('{"name": "get_weather", "arguments": {"city": "Paris"}}'),
             say("The states with the fastest closure are", finish="length"),
             say(", ".join(task.answer))]
    agent = FunctionCallingAgent(Scripted(steps=steps))
    rec = scored(task, agent, agent.run(task, store))
    users = [m["content"] for m in rec["trajectory"] if m["role"] == "user"][1:]
    assert "could not be read (unknown tool 'get_weather')" in users[0]
    assert users[1].startswith("Your reply was cut off at the token limit")
    assert rec["turn_log"][0]["unparsed_tool_calls"] == ["unknown tool 'get_weather'"]
    assert [t["finish"] for t in rec["turn_log"]] == [None, "length", None]
    assert rec["status"] == "answered" and rec["score"] == 1.0 and rec["turns"] == 3


def test_fc_stops_a_model_that_repeats_itself(tasks, store):
    task = first_task(tasks, "best_region_identification")
    loop = "I will now look up the cases. " * 6
    agent = FunctionCallingAgent(Scripted(steps=[say(loop) for _ in range(5)]))
    rec = scored(task, agent, agent.run(task, store))
    assert rec["stop_rule"] == "repetition" and rec["status"] == "no_answer" and rec["answer"] is None
    assert rec["turns"] == 3
    assert all(t.get("feedback", "").startswith("Your reply repeated") for t in rec["turn_log"][:2])


def test_react_tells_a_bare_answer_to_go_in_respond(tasks, store):
    task = first_task(tasks, "best_region_identification")
    answer = ", ".join(task.answer)
    steps = [say(answer), say(f"<thought>as told</thought><respond>{answer}</respond>")]
    agent = TextProtocolAgent(Scripted(steps=steps), react=True)
    rec = scored(task, agent, agent.run(task, store))
    observation = rec["trajectory"][3]["content"]
    assert observation.startswith("Observation: Invalid format")
    assert f"<respond>{answer}</respond>" in observation and "CYPHER" not in observation
    assert rec["status"] == "answered" and rec["score"] == 1.0


def test_text_protocol_prompt_has_real_examples_not_placeholders(tasks):
    from crmarena.agents.base import system_prompt

    for react in (False, True):
        prompt = system_prompt("react" if react else "act", first_task(tasks, "knowledge_qa"), default_settings())
        assert "<execute>MATCH (c:Case)" in prompt and "CYPHER</execute>" not in prompt
        assert "WORDS</search>" not in prompt and "including None, goes in <respond>" in prompt


def test_turn_log_and_cost_per_turn(tasks, store):
    task = first_task(tasks, "best_region_identification")
    agent = TextProtocolAgent(Scripted(steps=[say("<execute>MATCH (u:User) RETURN count(u) AS n</execute>",
                                                  usage=(1000, 20)),
                                              say(f"<respond>{', '.join(task.answer)}</respond>", usage=(1100, 5))]),
                              react=False)
    ep = agent.run(task, store)
    rec = scored(task, agent, ep)
    assert [(t["turn"], t["input_tokens"], t["output_tokens"]) for t in rec["turn_log"]] == [(1, 1000, 20),
                                                                                             (2, 1100, 5)]
    assert all(t["seconds"] >= 0 for t in rec["turn_log"])
    assert rec["turn_log"][0]["cost_usd"] == (1000 * 2.5 + 20 * 10) / 1e6
    assert all(t["cost_usd"] is None for t in scored(task, agent, ep, "llamacpp:/m.gguf")["turn_log"])


def test_a_model_object_gets_the_runs_settings_and_they_are_recorded():
    from langchain_openai import ChatOpenAI

    mine = ChatOpenAI(model="gpt-4o", temperature=0.9, api_key="unused")
    settings = default_settings().model_copy(update={"max_tokens": 256, "stop": ("</respond>",)})
    model, applied = apply_settings(mine, settings)
    assert (model.temperature, model.max_tokens, model.stop) == (0.0, 256, ["</respond>"])
    assert applied == {"temperature": 0.0, "max_tokens": 256, "stop": ["</respond>"]}
    assert mine.temperature == 0.9                                     # the caller's object is not changed
    fake, applied = apply_settings(GenericFakeChatModel(messages=iter([])), settings)
    assert applied == {"temperature": None, "max_tokens": None, "stop": None}    # nothing claimed
