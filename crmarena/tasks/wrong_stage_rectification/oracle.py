"""The oracle's plan for wrong stage rectification: the opportunity's tasks, the latest one's subject
looked up in the stage table of the required context (the instance's ``subjects``/``stages``)."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, OracleError


def solve(call: Calls, p: dict[str, Any]) -> str:
    tasks = call("get_opportunity_tasks", opportunity_id=p["opportunityId"])
    if not tasks:
        raise OracleError(f"opportunity {p['opportunityId']} has no task")
    latest = max(tasks, key=lambda t: (t["activityDate"], t["id"]))
    stage = dict(zip(p["subjects"], p["stages"])).get(latest["subject"])
    if stage is None:
        raise OracleError(f"subject {latest['subject']!r} is in no stage's list")
    return stage
