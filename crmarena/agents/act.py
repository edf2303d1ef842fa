"""Act and ReAct: the model writes Cypher in a text protocol (see ``text_protocol``) over run_cypher/search.

Every model call is timed and logged (``turns.TurnLog``). A reply without a complete action that
was cut off at the token limit or repeats itself degenerately gets an observation saying so;
a reply without any action gets "Invalid format" with real examples, and a plain-text reply (a
bare answer) is told it belongs in ``<respond>``. The same refused reply three times in a row ends
the episode (``stop_rule: repetition``).
"""

from __future__ import annotations

from time import perf_counter

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from crmarena.agents.base import Episode, Timer, Usage, message_record, provider_error, system_prompt, text_of
from crmarena.agents.config import AgentSettings, data_yaml, default_settings
from crmarena.agents.text_protocol import parse_action
from crmarena.agents.tools import tools_by_name
from crmarena.agents.tools.runtime import call_tool
from crmarena.agents.turns import RepeatStop, TurnLog, cut_off, degenerate, finish_reason
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
        self.prompts = data_yaml("prompts.yaml")
        self.expected = "<thought>…</thought> followed by " if react else ""
        self.invalid = "Observation: " + self.prompts["invalid_format"].format(expected=self.expected)

    def _refusal(self, reply, text: str) -> str:
        """The observation for a reply without a usable action."""
        if cut_off(reply):
            return "Observation: " + self.prompts["cut_off"]
        if degenerate(text) is not None or finish_reason(reply) == "repetition":
            return "Observation: " + self.prompts["repetition"]
        bare = " ".join(text.split())
        if bare and "<" not in bare and len(bare) <= 200:
            expected = "<thought>…</thought> " if self.react else ""
            return self.invalid + " " + self.prompts["bare_answer"].format(answer=bare, expected=expected)
        return self.invalid

    def _observe(self, action, store: GraphStore) -> str:
        if action.kind == "execute":
            obs = call_tool(self.tools["execute"], {"query": action.body}, store, settings=self.settings)
        else:
            args = {"text": action.body} | ({"index": action.index} if action.index else {})
            obs = call_tool(self.tools["search"], args, store, settings=self.settings)
        return "Observation: " + obs.text

    def run(self, task: TaskInstance, store: GraphStore, history: list | None = None) -> Episode:
        messages = [SystemMessage(system_prompt(self.name, task, self.settings)),
                    *(history or [HumanMessage(task.query)])]
        usage, answer, status, error, stop_rule = Usage(), None, "turn_limit", None, None
        log, repeats = TurnLog(), RepeatStop()
        with Timer() as timer:
            for _ in range(self.settings.max_turns):
                t0 = perf_counter()
                try:
                    reply = self.model.invoke(messages)
                except Exception as e:  # noqa: BLE001 — a provider failure ends this episode only
                    status, error = "error", provider_error(e)
                    break
                log.add(reply, perf_counter() - t0)
                usage.add(reply)
                messages.append(reply)
                text = text_of(reply)
                # a complete action counts even if the reply then rambled on (cut off or repeating)
                action = parse_action(degenerate(text) or text, require_thought=self.react)
                if action is None and repeats.seen(text):
                    status, stop_rule = "no_answer", "repetition"
                    break
                if action is None:
                    messages.append(HumanMessage(self._refusal(reply, text)))
                    log.note(feedback=messages[-1].content)
                elif action.kind == "respond":
                    answer, status = action.body, "answered"
                    break
                else:
                    repeats.reset()
                    messages.append(HumanMessage(self._observe(action, store)))
        return Episode(answer=answer, status=status, turns=usage.model_calls,
                       trajectory=[message_record(m) for m in messages], usage=usage, error=error,
                       duration_s=timer.seconds, turn_log=log.turns, stop_rule=stop_rule, messages=messages[1:])
