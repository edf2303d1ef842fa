"""Turn records and the reply rules: finish reasons over providers, degenerate repetition, repeat stop."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from crmarena.agents.turns import RepeatStop, TurnLog, cut_off, degenerate, finish_reason


def reply(meta=None, tool_calls=None, content="x"):
    return AIMessage(content=content, response_metadata=meta or {}, tool_calls=tool_calls or [])


def test_finish_reasons_in_one_vocabulary():
    assert finish_reason(reply({"finish_reason": "length"})) == "length"          # OpenAI, llama.cpp
    assert finish_reason(reply({"stop_reason": "max_tokens"})) == "length"        # Anthropic
    assert finish_reason(reply({"finish_reason": "MAX_TOKENS"})) == "length"      # Gemini
    assert finish_reason(reply({"done_reason": "stop"})) == "stop"                # Ollama
    assert finish_reason(reply({"stop_reason": "tool_use"})) == "tool_calls"
    assert finish_reason(reply()) is None
    assert cut_off(reply({"finish_reason": "length"})) and not cut_off(reply({"finish_reason": "stop"}))


def test_degenerate_repetition_is_cut_at_the_first_repeat():
    # the sentence a 1.5B model repeated until max tokens on a knowledge question (issue 17)
    text = "Let me search the knowledge base for the refund policy. " * 8
    assert degenerate(text) == "Let me search the knowledge base for the refund policy."
    cut = degenerate("Total: " + "0, " * 40)
    assert cut.startswith("Total: 0,") and len(cut) < 15
    assert degenerate("The agent is 005Ho00000AbCdE. It closed 12 cases. It closed them fastest.") is None


def test_repeat_stop_counts_consecutive_identical_replies():
    stop = RepeatStop()
    assert not stop.seen("same") and not stop.seen("same  ")
    assert stop.seen("same")
    stop.reset()
    assert not stop.seen("same") and not stop.seen("other") and not stop.seen("same")


def test_turn_log_records_tokens_finish_and_unparsed_calls():
    log = TurnLog()
    msg = AIMessage(content="", usage_metadata={"input_tokens": 10, "output_tokens": 3, "total_tokens": 13},
                    response_metadata={"finish_reason": "stop", "timings": {"cached_tokens": 4}},
                    invalid_tool_calls=[{"name": "get_cases", "args": "{bad", "id": "1", "error": "bad JSON"}])
    rec = log.add(msg, 0.25, from_text=0, unparsed=["unknown tool 'x'"])
    assert rec["turn"] == 1 and rec["input_tokens"] == 10 and rec["output_tokens"] == 3 and rec["finish"] == "stop"
    assert rec["unparsed_tool_calls"] == ["unknown tool 'x'", "get_cases: bad JSON"]
    assert rec["timings"] == {"cached_tokens": 4}
    log.note(feedback="told")
    assert log.turns[-1]["feedback"] == "told"
