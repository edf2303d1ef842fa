"""The oracle's plan for case routing: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from crmarena.agents.oracle import Calls, answer_of, closed_before, window_args
from crmarena.agents.tools.records import parse_datetime
from crmarena.graph_schema.picklists import CLOSED


def solve(call: Calls, p: dict[str, Any]) -> str:
    w = window_args(p)                      # the routing lookback, ending on the instance's today
    stop = parse_datetime(p["stop"])
    closed = closed_before([c for c in call("get_cases", **w, issue_ids=[p["issueId"]], statuses=[CLOSED])
                             if c.id != p["caseId"]], stop)
    tied = call("get_agents_with_max_cases", subset_cases=closed) if closed else []
    if len(tied) > 1:
        items = call("get_order_item_ids_by_product", product_id=p["productId"])
        on_product = closed_before([c for c in call("get_cases", **w, order_item_ids=items, agent_ids=tied,
                                                     statuses=[CLOSED]) if c.id != p["caseId"]], stop) if items else []
        counts = Counter(c.ownerId for c in on_product)
        tied = call("find_id_with_max_value", values_by_id={a: counts[a] for a in tied})
    if len(tied) > 1:                   # lookback cases still open at its end
        owned = [c for c in call("get_cases", **w, agent_ids=tied)
                 if c.id != p["caseId"] and (c.closedDate is None or c.closedDate >= stop)]
        counts = Counter(c.ownerId for c in owned)
        tied = call("find_id_with_min_value", values_by_id={a: counts[a] for a in tied})
    return answer_of(tied)
