"""Act and ReAct: the model writes Cypher in a text protocol (see ``text_protocol``) over run_cypher/search."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from crmarena.agents.base import Episode, Timer, Usage, message_record, provider_error, system_prompt, text_of
from crmarena.agents.config import AgentSettings, data_yaml, default_settings
from crmarena.agents.text_protocol import parse_action
from crmarena.agents.tools import tools_by_name
from crmarena.agents.tools.runtime import call_tool
from crmarena.queries.model import TaskInstance
from crmarena.store.base import GraphStore


class TextProtocolAgent:
    """``act`` (actions only) or ``react`` (a ``<thought>`` before every action)."""

    def __init__(self, model: BaseChatModel, react: bool, settings: AgentSettings | None = None):
        self.model = model
        self.react = react
        self.name = "react" if react else "act"
        self.settings = settings or default_settings()
        tools = tools_by_name("general")
        self.tools = {"execute": tools["run_cypher"], "search": tools["search"]}
        expected = "<thought>…</thought> followed by " if react else ""
        self.invalid = "Observation: " + data_yaml("prompts.yaml")["invalid_format"].format(expected=expected)

    def _observe(self, action, store: GraphStore) -> str:
        if action.kind == "execute":
            obs = call_tool(self.tools["execute"], {"query": action.body}, store)
        else:
            args = {"text": action.body} | ({"index": action.index} if action.index else {})
            obs = call_tool(self.tools["search"], args, store)
        return "Observation: " + obs.text

    def run(self, task: TaskInstance, store: GraphStore) -> Episode:
        messages = [SystemMessage(system_prompt(self.name, task, self.settings)), HumanMessage(task.query)]
        usage, answer, status, error = Usage(), None, "turn_limit", None
        with Timer() as timer:
            for _ in range(self.settings.max_turns):
                try:
                    reply = self.model.invoke(messages)
                except Exception as e:  # noqa: BLE001 — a provider failure ends this episode only
                    status, error = "error", provider_error(e)
                    break
                usage.add(reply)
                messages.append(reply)
                action = parse_action(text_of(reply), require_thought=self.react)
                if action is None:
                    messages.append(HumanMessage(self.invalid))
                elif action.kind == "respond":
                    answer, status = action.body, "answered"
                    break
                else:
                    messages.append(HumanMessage(self._observe(action, store)))
        return Episode(answer=answer, status=status, turns=usage.model_calls,
                       trajectory=[message_record(m) for m in messages], usage=usage, error=error,
                       duration_s=timer.seconds)
