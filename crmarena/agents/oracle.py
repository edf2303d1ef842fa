"""The oracle: a scripted agent that solves each task with the task tools and the instance's parameters.

It proves every task is solvable with the tools: each solver below is the tool-call plan a perfect
model would follow, with the facts of the question (window, product, contact, case, threshold) read
from ``TaskInstance.parameters`` instead of the question text. Glue between tool calls is limited to
what a model does between turns (picking fields, filtering lists, counting). A tool error ends the
episode with status ``error`` — for the oracle that is a bug of a tool or of a task.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable

from crmarena.agents.base import Episode, Timer, Usage
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


def _window(p: dict[str, Any]) -> dict[str, str]:
    return {"start_date": format_datetime(parse_datetime(p["start"])),
            "end_date": format_datetime(parse_datetime(p["stop"]))}


def _answer(ids: list[str]) -> str:
    return ", ".join(ids) if ids else NONE_ANSWER


def _pick(call: Calls, values: dict[str, float], direction: str) -> list[str]:
    name = "find_id_with_min_value" if direction == "min" else "find_id_with_max_value"
    return call(name, values_by_id=values) if values else []


def _direction(p: dict[str, Any]) -> str:
    return p.get("direction") or ("min" if int(p.get("sign", 1)) == 1 else "max")


def _closed_before(cases: list, t) -> list:
    """The cases closed before ``t`` (records on or after an instance's today do not count)."""
    return [c for c in cases if c.closedDate is not None and c.closedDate < t]


def case_routing(call: Calls, p: dict[str, Any]) -> str:
    w = _window(p)                      # the routing lookback, ending on the instance's today
    stop = parse_datetime(p["stop"])
    closed = _closed_before([c for c in call("get_cases", **w, issue_ids=[p["issueId"]], statuses=["Closed"])
                             if c.id != p["caseId"]], stop)
    tied = call("get_agents_with_max_cases", subset_cases=closed) if closed else []
    if len(tied) > 1:
        items = call("get_order_item_ids_by_product", product_id=p["productId"])
        on_product = _closed_before([c for c in call("get_cases", **w, order_item_ids=items, agent_ids=tied,
                                                     statuses=["Closed"]) if c.id != p["caseId"]], stop) if items else []
        counts = Counter(c.ownerId for c in on_product)
        tied = call("find_id_with_max_value", values_by_id={a: counts[a] for a in tied})
    if len(tied) > 1:                   # lookback cases still open at its end
        owned = [c for c in call("get_cases", **w, agent_ids=tied)
                 if c.id != p["caseId"] and (c.closedDate is None or c.closedDate >= stop)]
        counts = Counter(c.ownerId for c in owned)
        tied = call("find_id_with_min_value", values_by_id={a: counts[a] for a in tied})
    return _answer(tied)


def handle_time(call: Calls, p: dict[str, Any]) -> str:
    w = _window(p)
    handled = call("get_agent_handled_cases_by_period", **w, before=p["asOf"])
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=handled, n_cases=int(p["threshold"]))
    if not qualified:
        return NONE_ANSWER
    single = call("get_non_transferred_case_ids", **w)
    cases = _closed_before(call("get_cases", **w, case_ids=single, agent_ids=qualified, statuses=["Closed"]),
                           parse_datetime(p["asOf"])) if single else []
    averages = call("calculate_average_handle_time", cases=cases) if cases else {}
    return _answer(_pick(call, averages, _direction(p)))


def transfer_count(call: Calls, p: dict[str, Any]) -> str:
    w = _window(p)
    handled = call("get_agent_handled_cases_by_period", **w, before=p["asOf"])
    # "at least N cases": strictly more than N - 1
    qualified = call("get_qualified_agent_ids_by_case_count", agent_handled_cases=handled,
                     n_cases=int(p["threshold"]) - 1)
    if not qualified:
        return NONE_ANSWER
    transfers = call("get_agent_transferred_cases_by_period", **w, qualified_agent_ids=qualified, before=p["asOf"])
    return _answer(_pick(call, transfers, _direction(p)))


def named_entity_disambiguation(call: Calls, p: dict[str, Any]) -> str:
    account = call("get_account_id_by_contact_id", contact_id=p["contactId"])
    if account is None:
        return NONE_ANSWER
    bought = call("get_purchase_history", account_id=account, purchase_date=str(p["day"]))
    words = [w for w in (p.get("w1", ""), p.get("w2", "")) if w]
    match = sorted({r["productId"] for r in bought if all(w in (r["productName"] or "").lower() for w in words)})
    return _answer(match)


def top_issue_identification(call: Calls, p: dict[str, Any]) -> str:
    items = call("get_order_item_ids_by_product", product_id=p["productId"])
    counts = call("get_issue_counts", **_window(p), order_item_ids=items) if items else {}
    return _answer(_pick(call, counts, "max"))


def monthly_trend_analysis(call: Calls, p: dict[str, Any]) -> str:
    items = call("get_order_item_ids_by_product", product_id=p["productId"])
    cases = call("get_cases", **_window(p), order_item_ids=items) if items else []
    months = call("get_month_to_case_count", cases=cases) if cases else {}
    return _answer(_pick(call, months, "max"))


def best_region_identification(call: Calls, p: dict[str, Any]) -> str:
    cases = _closed_before(call("get_cases", **_window(p), statuses=["Closed"]), parse_datetime(p["asOf"]))
    located = call("get_shipping_state", cases=cases) if cases else []
    per_state = Counter(c.shippingState for c in located)       # only states with enough cases compete
    located = [c for c in located if per_state[c.shippingState] >= int(p["minCases"])]
    times = call("calculate_region_average_closure_times", cases=located) if located else {}
    return _answer(_pick(call, times, _direction(p)))


def policy_violation_identification(call: Calls, p: dict[str, Any]) -> str:
    texts = [e.get("textBody") or "" for e in call("get_email_messages_by_case_id", case_id=p["caseId"])]
    texts += [t.get("body") or "" for t in call("get_livechat_transcript_by_case_id", case_id=p["caseId"])]
    breached = [title for title, markers in policy_breach_markers().items()
                if any(m in text for m in markers for text in texts)]
    ids = []
    for title in breached:   # the policy's knowledge article, found the way an agent would: by search
        hits = call("search_knowledge_articles", search_term=title)
        match = [h["id"] for h in hits if h.get("title") == title]
        if not match:
            raise OracleError(f"search does not find the policy article {title!r}")
        ids.append(match[0])
    return _answer(sorted(set(ids)))


def knowledge_qa(call: Calls, p: dict[str, Any]) -> str:
    question = p.get("question") or p["shortAnswer"]
    hits = call("search_knowledge_articles", search_term=question)
    article = next((h for h in hits if h["id"] == p["articleId"]), None)
    if article is None:
        raise OracleError(f"search for the question does not return its article {p['articleId']}")
    if p["shortAnswer"] not in article.get("faqAnswer", ""):
        raise OracleError(f"article {p['articleId']} does not state the answer {p['shortAnswer']!r}")
    return p["shortAnswer"]


def policy_breach_markers() -> dict[str, list[str]]:
    """Policy article title -> the literal pieces of its breach sentences (what a breach reads like).

    The wording is the simulator's policy data; a piece is the longest literal part of a breach
    template between its {placeholders}, as long as the gold rule of the task requires.
    """
    from crmarena.queries.policy_violation_identification import MIN_MARKER
    from crmarena.simulator.config import data

    out: dict[str, list[str]] = {}
    for policy in data("policies")["policies"]:
        pieces = [max((x.strip(" ,.") for x in re.split(r"\$?\{[^}]*\}", s)), key=len) for s in policy["breach"]]
        out[policy["title"]] = [x for x in pieces if len(x) >= MIN_MARKER]
    return out


SOLVERS: dict[str, Callable[[Calls, dict[str, Any]], str]] = {
    "policy_violation_identification": policy_violation_identification,
    "knowledge_qa": knowledge_qa,
    "case_routing": case_routing,
    "handle_time": handle_time,
    "transfer_count": transfer_count,
    "named_entity_disambiguation": named_entity_disambiguation,
    "top_issue_identification": top_issue_identification,
    "monthly_trend_analysis": monthly_trend_analysis,
    "best_region_identification": best_region_identification,
}


class OracleAgent:
    name = "oracle"
    model_settings: dict = {}          # no chat model

    def run(self, task: TaskInstance, store: GraphStore) -> Episode:
        call = Calls(store)
        answer, status, error = None, "answered", None
        with Timer() as timer:
            solver = SOLVERS.get(task.task)
            try:
                if solver is None:
                    raise OracleError(f"no oracle solver for task {task.task!r}")
                answer = solver(call, task.parameters)
                call("respond", content=answer)
            except (OracleError, KeyError, ValueError) as e:
                answer, status, error = None, "error", f"oracle: {type(e).__name__}: {e}"
        turns = sum(1 for r in call.trajectory if r["role"] == "assistant")
        return Episode(answer=answer, status=status, turns=turns, trajectory=call.trajectory, usage=Usage(),
                       error=error, duration_s=timer.seconds)
