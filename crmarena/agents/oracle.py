"""The oracle: a scripted agent that solves each task with the task tools and the instance's parameters.

It proves every task is solvable with the tools: each task family's ``oracle.py`` (``solve``, see
crmarena/tasks/registry.py) is the tool-call plan a perfect model would follow, with the facts of the question (window, product, contact, case, threshold) read
from ``TaskInstance.parameters`` instead of the question text. Glue between tool calls is limited to
what a model does between turns (picking fields, filtering lists, counting). A tool error ends the
episode with status ``error`` — for the oracle that is a bug of a tool or of a task.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage

from crmarena.agents.base import Episode, Timer, Usage, message_record
from crmarena.agents.tools import tools_by_name
from crmarena.agents.tools.records import format_datetime, parse_datetime
from crmarena.agents.tools.runtime import call_tool
from crmarena.queries.model import NONE_ANSWER, TaskInstance
from crmarena.store.base import GraphStore


class OracleError(Exception):
    pass


class Calls:
    """Tool calls of one episode, recorded as a function-calling trajectory."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.tools = tools_by_name("flex")
        self.trajectory: list[dict[str, Any]] = []

    def __call__(self, name: str, **args: Any) -> Any:
        call_id = f"call_{len(self.trajectory) // 2}"
        obs = call_tool(self.tools.get(name), args, self.store, name=name)
        self.trajectory.append({"role": "assistant", "content": "",
                                "tool_calls": [{"name": name, "args": _loggable(args), "id": call_id}]})
        self.trajectory.append({"role": "tool", "name": name, "tool_call_id": call_id, "content": obs.text,
                                "status": "success" if obs.ok else "error"})
        if not obs.ok:
            raise OracleError(f"{name}: {obs.text}")
        return obs.value


def _loggable(args: dict[str, Any]) -> dict[str, Any]:
    from crmarena.agents.tools.records import to_json_value

    return to_json_value(args)


def window_args(p: dict[str, Any]) -> dict[str, str]:
    return {"start_date": format_datetime(parse_datetime(p["start"])),
            "end_date": format_datetime(parse_datetime(p["stop"]))}


def answer_of(ids: list[str]) -> str:
    return ", ".join(ids) if ids else NONE_ANSWER


def pick_extreme(call: Calls, values: dict[str, float], direction: str) -> list[str]:
    name = "find_id_with_min_value" if direction == "min" else "find_id_with_max_value"
    return call(name, values_by_id=values) if values else []


def direction_of(p: dict[str, Any]) -> str:
    return p.get("direction") or ("min" if int(p.get("sign", 1)) == 1 else "max")


def won_rep_extreme(call: Calls, p: dict[str, Any], statistic_tool: str) -> str:
    """A rep-window question on won deals: the reps with more than ``threshold`` deals won in the window,
    then the one with the extreme value of ``statistic_tool`` (a per-rep figure over the same window)."""
    w = window_args(p)
    won = call("get_won_deal_counts_by_rep", **w)
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=won, n_cases=int(p["threshold"]))
    if not qualified:
        return NONE_ANSWER
    values = call(statistic_tool, **w)
    return answer_of(pick_extreme(call, {r: values[r] for r in qualified}, direction_of(p)))


def closed_before(cases: list, t) -> list:
    """The cases closed before ``t`` (records on or after an instance's today do not count)."""
    return [c for c in cases if c.closedDate is not None and c.closedDate < t]


def solver_of(task: str):
    """The task family's ``solve`` (``crmarena/tasks/<task>/oracle.py``); unknown task -> OracleError."""
    from crmarena.errors import CrmarenaError
    from crmarena.tasks.registry import family

    try:
        return family(task).solver()
    except CrmarenaError:
        raise OracleError(f"no oracle solver for task {task!r}") from None


def _missing_facts(task: TaskInstance, history: list) -> str | None:
    """The oracle's question for the facts the user has not told yet; None when all are told. Asked
    once: a fact still missing after the oracle asked is an OracleError (the user script is wrong)."""
    from crmarena.queries.dialogue import user_script

    said = " ".join(str(m.content) for m in history if m.type == "human")
    missing = [f for f in user_script(task).facts if f.say not in said]
    if not missing:
        return None
    if any(m.type == "ai" for m in history):
        raise OracleError(f"the user did not tell {', '.join(f.slot for f in missing)} when asked")
    return "Before I answer, please tell me: " + "; ".join(f"{f.ask[0]}?" for f in missing)


class OracleAgent:
    name = "oracle"
    model_settings: dict = {}          # no chat model

    def run(self, task: TaskInstance, store: GraphStore, history: list | None = None) -> Episode:
        """Solve from the parameters; in multi-turn mode (``history``) first ask the user for every fact
        it holds back, and check each was told (a user that withholds one is an error)."""
        call = Calls(store)
        answer, status, error = None, "answered", None
        with Timer() as timer:
            try:
                question = _missing_facts(task, history) if history is not None else None
                if question:
                    answer = question
                else:
                    answer = solver_of(task.task)(call, task.parameters)
                    call("respond", content=answer)
            except (OracleError, KeyError, ValueError) as e:
                answer, status, error = None, "error", f"oracle: {type(e).__name__}: {e}"
        turns = sum(1 for r in call.trajectory if r["role"] == "assistant") + (1 if history is not None else 0)
        if history is not None:
            call.trajectory = [message_record(m) for m in history] + call.trajectory + (
                [{"role": "assistant", "content": answer}] if answer is not None and status == "answered" else [])
        messages = [*(history or []), AIMessage(answer or "")]
        return Episode(answer=answer, status=status, turns=turns, trajectory=call.trajectory, usage=Usage(),
                       messages=messages,
                       error=error, duration_s=timer.seconds)
