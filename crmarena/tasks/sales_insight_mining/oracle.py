"""The oracle's plan for sales insight mining: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, answer_of


def solve(call: Calls, p: dict[str, Any]) -> str:
    deals = call("get_opportunities_by_close_date", stage=p["stage"], start_date=p["startDay"],
                 end_date=p["stopDay"], min_employees=int(p["minEmployees"]), max_employees=int(p["maxEmployees"]) - 1)
    calls = call("get_opportunity_call_transcripts", opportunity_ids=[d["id"] for d in deals]) if deals else []
    counts = {r["reason"]: len({c["opportunityId"] for c in calls if r["key"] in c["body"]}) for r in p["reasons"]}
    return answer_of(call("find_id_with_max_value", values_by_id=counts))
