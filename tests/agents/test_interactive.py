"""Multi-turn mode: the scripted user's script, the conversation loop with every framework, the limit,
a model-played user, and interactive runs (resumable, never mixed with single-turn ones)."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage

from crmarena.agents.act import TextProtocolAgent
from crmarena.agents.config import default_settings
from crmarena.agents.fc import FunctionCallingAgent
from crmarena.agents.interactive import InteractiveAgent
from crmarena.agents.oracle import OracleAgent
from crmarena.agents.rundir import RunDir, read_episodes
from crmarena.agents.runner import episode_record, run_tasks
from crmarena.agents.users import NOTHING_MORE, STOP, ChatUser, ScriptedUser
from crmarena.errors import CrmarenaError
from crmarena.queries.dialogue import slots_of, user_script
from tests.agents.scripted import Scripted, call, first_task
from tests.agents.test_runs import cli, manifest

SETTINGS = default_settings().model_copy(update={"interactive": True})


def say(text: str) -> AIMessage:
    return AIMessage(content=text, usage_metadata={"input_tokens": 10, "output_tokens": 2, "total_tokens": 12})


def test_every_question_is_read_back_into_its_slots_and_facts(tasks):
    for t in tasks:
        script = user_script(t)
        if t.task == "knowledge_qa":
            assert script.opening == t.query and not script.facts
            continue
        assert script.facts and script.opening != t.query, t.idx
        for fact in script.facts:       # the held-back facts are in the question, not in the opening
            assert fact.say and fact.ask
    with pytest.raises(CrmarenaError):
        slots_of("Which agent {window}?", "Something else entirely.")
    assert slots_of("Among agents with more than {n_cases} {window}, who?",
                    "Among agents with more than 12 cases in the past 3 months, who?") == {
        "n_cases": "12 cases", "window": "in the past 3 months", "Window": "In the past 3 months"}


def test_the_scripted_user_tells_what_is_asked_and_ends_on_an_answer(tasks):
    task = first_task(tasks, "handle_time")
    user = ScriptedUser()
    assert user.open(task) == user_script(task).opening
    window = next(f for f in user_script(task).facts if f.slot == "window")
    assert user.reply("Which period do you mean?") == window.say
    assert user.reply("Which period do you mean?") == NOTHING_MORE           # told once
    assert user.reply("What is your favourite colour?") == NOTHING_MORE
    assert user.reply("00500000000000dAAA") is None                         # an answer ends it


@pytest.mark.parametrize("name", ["handle_time", "policy_violation_identification", "knowledge_qa"])
def test_the_oracle_asks_for_the_held_back_facts_then_solves(tasks, store, name):
    task = first_task(tasks, name)
    agent = InteractiveAgent(OracleAgent(), ScriptedUser, SETTINGS)
    rec = episode_record(task, 0, "oracle", None, agent.run(task, store))
    assert rec["score"] == 1.0, rec["error"]
    assert rec["user_turns"] == (1 if name == "knowledge_qa" else 2)
    users = [m["content"] for m in rec["trajectory"] if m["role"] == "user"]
    assert users[0] == user_script(task).opening
    assert all(f.say in " ".join(users) for f in user_script(task).facts)


def test_function_calling_asks_then_answers_with_both_sides_recorded(tasks, store):
    task = first_task(tasks, "policy_violation_identification")
    case = task.parameters["caseId"]
    answer = ", ".join(task.answer)
    model = Scripted(steps=[call("respond", {"content": "Which case do you mean?"}, 0),
                            lambda ms: call("respond", {"content": answer if case in ms[-1].content else "None"}, 1)])
    agent = InteractiveAgent(FunctionCallingAgent(model, settings=SETTINGS), ScriptedUser, SETTINGS)
    rec = episode_record(task, 0, "fc", None, agent.run(task, store))
    assert rec["status"] == "answered" and rec["score"] == 1.0 and rec["user_turns"] == 2
    assert rec["turns"] == 2 and rec["usage"]["model_calls"] == 2          # the history is not counted twice
    roles = [m["role"] for m in rec["trajectory"]]
    assert roles.count("user") == 2 and roles[0] == "system"
    assert "ask the user" in rec["trajectory"][0]["content"]                # the multi-turn prompt


@pytest.mark.parametrize("react", [False, True])
def test_the_text_protocol_continues_the_conversation(tasks, store, react):
    task = first_task(tasks, "top_issue_identification")
    thought = "<thought>need the period</thought>" if react else ""
    answer = ", ".join(task.answer)
    model = Scripted(steps=[say(f"{thought}<respond>Which period?</respond>"),
                            lambda ms: say(f"{thought}<respond>{answer if 'I mean cases' in ms[-1].content else 'x'}</respond>")])
    agent = InteractiveAgent(TextProtocolAgent(model, react=react, settings=SETTINGS), ScriptedUser, SETTINGS)
    rec = episode_record(task, 0, "react" if react else "act", None, agent.run(task, store))
    assert rec["score"] == 1.0 and rec["user_turns"] == 2
    assert [m["role"] for m in rec["trajectory"]].count("user") == 2


def test_the_user_speaks_at_most_max_user_turns(tasks, store):
    task = first_task(tasks, "handle_time")
    settings = SETTINGS.model_copy(update={"max_user_turns": 3})
    model = Scripted(steps=[say(f"<respond>Anything else, question {i}?</respond>") for i in range(5)])
    agent = InteractiveAgent(TextProtocolAgent(model, react=False, settings=settings), ScriptedUser, settings)
    ep = agent.run(task, store)
    assert ep.user_turns == 3 and model.calls == 3                          # the 3rd reply ends it
    assert ep.answer == "Anything else, question 2?"


def test_a_model_played_user(tasks, store):
    task = first_task(tasks, "policy_violation_identification")
    case = task.parameters["caseId"]
    seen = []
    user_model = Scripted(steps=[lambda ms: seen.append(ms) or say(f"Case {case}."), say(STOP)])
    answer = ", ".join(task.answer)
    model = Scripted(steps=[call("respond", {"content": "Which case?"}, 0),
                            lambda ms: call("respond", {"content": answer if case in ms[-1].content else "None"}, 1)])
    agent = InteractiveAgent(FunctionCallingAgent(model, settings=SETTINGS), lambda: ChatUser(user_model), SETTINGS)
    ep = agent.run(task, store)
    assert ep.answer == answer and ep.user_turns == 2 and user_model.calls == 2
    assert task.query in seen[0][0].content                  # the user model was told the whole request
    assert seen[0][-1].content == "Which case?"              # and read the agent's question


def test_interactive_runs_resume_and_never_mix_with_single_turn(tasks, tasks_file, store, tmp_path, org_dir):
    some = tasks[:4]
    base = manifest(tasks_file) | {"interactive": "scripted"}
    run = RunDir.open(tmp_path / "run", base)
    agent = InteractiveAgent(OracleAgent(), ScriptedUser, SETTINGS)
    assert run_tasks(agent, some[:2], store, run).done == 2
    again = run_tasks(agent, some, store, RunDir.open(run.path, base))
    assert again.skipped == 2 and again.done == 2
    recs = list(read_episodes(run.episodes_file))
    assert len(recs) == 4 and all(r["score"] == 1.0 and r["user_turns"] >= 1 for r in recs)
    with pytest.raises(CrmarenaError, match="another interactive"):
        RunDir.open(run.path, manifest(tasks_file))
    out = tmp_path / "cli"
    assert cli("run", "--agent", "oracle", "--interactive", "--tasks", str(tasks_file), "--org", str(org_dir),
               "--out", str(out), "-q") == 0
    assert json.loads((out / "run.json").read_text())["interactive"] == "scripted"
    assert cli("run", "--agent", "oracle", "--user", "scripted", "--tasks", str(tasks_file), "--org", str(org_dir),
               "--out", str(tmp_path / "x"), "-q") == 2                      # --user needs --interactive
