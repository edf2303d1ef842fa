"""The oracle's plan for activity priority: the rep's open tasks due in the window, ranked by the
guidelines (priority, then due date, then the opportunity's amount; a lead's task counts as 0)."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, OracleError


def solve(call: Calls, p: dict[str, Any]) -> str:
    tasks = call("get_tasks_by_owner", owner_id=p["repId"], start_date=p["d1"], end_date=p["d2"], statuses=p["open"])
    if not tasks:
        raise OracleError("the rep has no open task in the window")
    rank = {v: i for i, v in enumerate(p["priorities"])}
    key = lambda t: (rank[t["priority"]], t["activityDate"], -(t.get("opportunityAmount") or 0.0))  # noqa: E731
    best = min(key(t) for t in tasks)
    return ", ".join(sorted(t["id"] for t in tasks if key(t) == best))
