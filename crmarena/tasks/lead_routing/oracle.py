"""The oracle's plan for lead routing: the tool calls a perfect agent makes, the facts read from the
instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of, window_args


def solve(call: Calls, p: dict[str, Any]) -> str:
    call("search_knowledge_articles", search_term="lead routing policy")
    territory = call("get_territories_by_state", state=p["state"])[0]
    reps = call("get_territory_rep_ids", territory_id=territory["id"])
    counts = call("get_lead_counts_by_rep", **window_args(p), rep_ids=reps)
    tied = call("find_id_with_min_value", values_by_id={r: c["leads"] for r, c in counts.items()})
    return answer_of(tied[:1])                 # ties: the earliest user Id (the list is sorted)
