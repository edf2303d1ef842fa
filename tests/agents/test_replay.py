"""Recorded outputs of a real local model (Gemma 3 270M through llama.cpp) replayed through the harness."""

from __future__ import annotations

from crmarena.agents.act import TextProtocolAgent
from crmarena.agents.config import default_settings
from crmarena.agents.runner import episode_record
from tests.agents.replay import load, replay_model
from tests.agents.scripted import first_task

ECHO = "gemma3-270m-react-echo.jsonl"


def test_recording_is_real_llamacpp_output():
    meta, replies = load(ECHO)
    assert "Gemma 3 270M" in meta["model"] and len(replies) == 6
    assert all(r["finish"] == "length" and r["timings"]["generated_tokens"] == 201 for r in replies)
    later = [r for r in replies if r["turn"] > 1]
    assert all(r["timings"]["cached_tokens"] > 0.9 * r["timings"]["prompt_tokens"] for r in later)  # KV cache


def test_a_model_echoing_its_prompt_is_told_it_was_cut_off_and_then_stopped(tasks, store):
    # The base model wrote the system prompt back until max tokens, three turns in a row (recorded).
    model = replay_model(ECHO, "react-case_routing")
    settings = default_settings().model_copy(update={"max_turns": 5})
    agent = TextProtocolAgent(model, react=True, settings=settings)
    task = first_task(tasks, "case_routing")
    rec = episode_record(task, 0, "react", "llamacpp:gemma.gguf", agent.run(task, store))
    assert [t["finish"] for t in rec["turn_log"]] == ["length", "length", "length"]
    feedback = [t.get("feedback", "") for t in rec["turn_log"]]
    assert all(f.startswith("Observation: Your reply was cut off at the token limit") for f in feedback[:2])
    assert rec["stop_rule"] == "repetition" and rec["status"] == "no_answer" and rec["score"] == 0.0
    assert rec["turns"] == 3                              # not 5: the repeat rule ended it
    assert model.prompts[0].startswith("<bos><start_of_turn>user\n") and model.prompts[0].endswith(
        "<start_of_turn>model\n")
    assert all("<end_of_turn>" in s for s in model.stops)  # generation stops at the template's end of turn


def test_fc_on_a_plain_template_never_scores_an_echoed_placeholder_call(tasks, store):
    # Recorded: with the tools described in text, the base model copied the instruction back,
    # placeholder call included ({"name": "TOOL_NAME", ...}), until max tokens.
    from crmarena.agents.fc import FunctionCallingAgent

    model = replay_model("gemma3-270m-fc-placeholder.jsonl", "fc-handle_time")
    agent = FunctionCallingAgent(model, settings=default_settings().model_copy(update={"max_turns": 5}))
    task = first_task(tasks, "handle_time")
    rec = episode_record(task, 0, "fc", "llamacpp:gemma.gguf", agent.run(task, store))
    assert [t["unparsed_tool_calls"] for t in rec["turn_log"]] == [["unknown tool 'TOOL_NAME'"]] * 3
    assert all(t["tool_calls"] == 0 for t in rec["turn_log"])
    assert rec["turn_log"][0]["feedback"].startswith("Your reply was cut off at the token limit")
    assert rec["status"] == "no_answer" and rec["stop_rule"] == "repetition" and rec["answer"] is None
    # today's instruction shows a real call instead of the placeholder the model copied
    assert "TOOL_NAME" not in model.prompts[0] and '<tool_call>{"name": "get_cases", "arguments": {}}' in model.prompts[0]
