"""Simulated users for multi-turn mode: they hold an instance's question and reveal details when asked.

A user opens the conversation, then reads each agent reply and either answers it or ends the episode
(``None``). ``ScriptedUser`` is deterministic, from the instance's ``UserScript`` (crmarena/queries/
dialogue.py): a reply that asks (a question mark) for held-back facts gets them; a question about
nothing it holds gets "no more details"; a reply that asks nothing is the agent's answer and ends the
conversation. ``ChatUser`` is any chat model playing the user, told the whole request and the same
rules; it ends the conversation with ``STOP``.
"""

from __future__ import annotations

from typing import Any, Protocol

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from crmarena.queries.dialogue import UserScript, user_script
from crmarena.queries.model import TaskInstance

STOP = "###STOP###"
NOTHING_MORE = "I don't have any other details. Please go ahead with what you have."


class User(Protocol):
    name: str

    def open(self, task: TaskInstance) -> str: ...

    def reply(self, agent_text: str) -> str | None: ...


def asks(text: str) -> bool:
    """Whether an agent reply asks the user something (rather than answering)."""
    return "?" in (text or "")


class ScriptedUser:
    """A deterministic user: the instance's opening, then held-back facts when the agent asks for them."""

    name = "scripted"

    def __init__(self) -> None:
        self.script: UserScript | None = None
        self.told: set[str] = set()

    def open(self, task: TaskInstance) -> str:
        self.script, self.told = user_script(task), set()
        return self.script.opening

    def reply(self, agent_text: str) -> str | None:
        if self.script is None:
            raise RuntimeError("open() first")
        if not asks(agent_text):
            return None
        wanted = [f for f in self.script.facts if f.slot not in self.told and f.asked_by(agent_text)]
        if not wanted:
            return NOTHING_MORE
        self.told |= {f.slot for f in wanted}
        return " ".join(f.say for f in wanted)


USER_PROMPT = """You are a {persona} of a company, using its CRM assistant. Your whole request is:
"{query}"
You opened the conversation with: "{opening}"
Rules: reveal a detail of your request only when the assistant asks for it, in one short sentence,
never the answer (you do not know it). When the assistant gives an answer instead of asking, reply
exactly {stop}."""


class ChatUser:
    """A chat model playing the user (the same model plumbing as the agents)."""

    name = "chat"

    def __init__(self, model: Any):
        self.model = model
        self.messages: list = []

    def open(self, task: TaskInstance) -> str:
        opening = user_script(task).opening
        prompt = USER_PROMPT.format(persona=task.persona, query=task.query, opening=opening, stop=STOP)
        self.messages = [SystemMessage(prompt), AIMessage(opening)]
        return opening

    def reply(self, agent_text: str) -> str | None:
        self.messages.append(HumanMessage(agent_text))      # the user model sees the agent as its "human"
        text = str(self.model.invoke(self.messages).content).strip()
        self.messages.append(AIMessage(text))
        if not text or STOP in text:
            return None
        return text
