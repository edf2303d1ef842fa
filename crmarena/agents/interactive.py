"""Multi-turn mode: an agent and a simulated user hold a conversation; the agent's last answer is scored.

The user opens with part of the request (``users.py``). Each round, the agent runs on the whole
conversation so far (its earlier tool work included: ``history``) and ends with a reply; the user
answers a reply that asks, or ends the conversation. The user speaks at most ``max_user_turns`` times
(the opening included); then the agent's next reply ends the episode. The trajectory holds both sides
(the user's messages are ``user`` records); usage and turns add up over the rounds.
"""

from __future__ import annotations

from typing import Callable

from langchain_core.messages import AIMessage, HumanMessage

from crmarena.agents.base import Agent, Episode, Timer, Usage
from crmarena.agents.config import AgentSettings
from crmarena.agents.users import User
from crmarena.queries.model import TaskInstance
from crmarena.store.base import GraphStore


class InteractiveAgent:
    """``agent`` in conversation with a fresh user from ``make_user`` per episode."""

    def __init__(self, agent: Agent, make_user: Callable[[], User], settings: AgentSettings):
        self.agent, self.make_user, self.settings = agent, make_user, settings
        self.name = agent.name
        self.model_settings = getattr(agent, "model_settings", {})

    def run(self, task: TaskInstance, store: GraphStore) -> Episode:
        user = self.make_user()
        history: list = [HumanMessage(user.open(task))]
        spoken, usage, turns, turn_log = 1, Usage(), 0, []
        ep = Episode(answer=None, status="no_answer", turns=0)
        with Timer() as timer:
            while True:
                ep = self.agent.run(task, store, history=history)
                usage.merge(ep.usage)
                turns += ep.turns
                turn_log += ep.turn_log
                if ep.status != "answered" or ep.answer is None or spoken >= self.settings.max_user_turns:
                    break
                reply = user.reply(ep.answer)
                if reply is None:
                    break
                spoken += 1
                history = (ep.messages or [*history, AIMessage(ep.answer)]) + [HumanMessage(reply)]
        return Episode(answer=ep.answer, status=ep.status, turns=turns, trajectory=ep.trajectory, usage=usage,
                       error=ep.error, duration_s=timer.seconds, turn_log=turn_log, stop_rule=ep.stop_rule,
                       user_turns=spoken)


def make_user(kind: str, settings: AgentSettings) -> Callable[[], User]:
    """A user factory: ``scripted``, or ``PROVIDER:MODEL`` / a chat model for a model-played user."""
    from crmarena.agents.users import ChatUser, ScriptedUser

    if kind == "scripted":
        return ScriptedUser
    from crmarena.agents.base import chat_model

    llm, _ = chat_model(kind, settings.model_copy(update={"temperature": 0.0}))
    return lambda: ChatUser(llm)
