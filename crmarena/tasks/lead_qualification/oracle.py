"""The oracle's plan for lead qualification: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

from typing import Any

from crmarena.agents.oracle import Calls, OracleError, answer_of


def solve(call: Calls, p: dict[str, Any]) -> str:
    leads = call("find_leads_by_name", full_name=p["leadName"], company=p["company"])
    if len(leads) != 1:
        raise OracleError(f"the lead {p['leadName']} ({p['company']}) is not one lead: {len(leads)} found")
    bodies = [t["body"] for t in call("get_lead_call_transcripts", lead_id=leads[0]["id"])]
    met = [f for f in dict.fromkeys(ph["factor"] for ph in p["phrases"])     # reading the lead's lines
           if any(ph["key"] in b for ph in p["phrases"] if ph["factor"] == f for b in bodies)]
    return answer_of(met)
