"""The tools sales insight mining brings to the agents' toolbox: each is one function whose signature
and docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py);
Opportunity.closeDate is a DATE, compared with date parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crmarena.agents.tools.env import Env

CLOSED_OPPORTUNITIES = """
MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)
WHERE o.stageName = $stage AND o.closeDate >= $start AND o.closeDate < $end
  AND a.numberOfEmployees >= $min_employees AND a.numberOfEmployees <= $max_employees
RETURN o.id AS id, o.name AS name, o.closeDate AS closeDate, a.id AS accountId, a.numberOfEmployees AS numberOfEmployees
ORDER BY id
"""

OPPORTUNITY_CALLS = """
MATCH (v:VoiceCallTranscript)-[:ON_OPPORTUNITY]->(o:Opportunity)
WHERE o.id IN $ids
RETURN o.id AS opportunityId, v.id AS id, v.createdDate AS createdDate, v.body AS body
ORDER BY opportunityId, createdDate, id
"""


def get_opportunities_by_close_date(env: Env, stage: str, start_date: str, end_date: str,
                                    min_employees: int = 0, max_employees: int = 10**9) -> list[dict[str, Any]]:
    """Opportunities of one stage closed in a period, with their account's number of employees.

    Args:
        stage: The opportunity stage, e.g. 'Closed Lost' or 'Closed Won'.
        start_date: First close date (inclusive), e.g. '2024-01-01'.
        end_date: End of the period (exclusive), e.g. '2024-04-01'.
        min_employees: Only accounts with at least this many employees.
        max_employees: Only accounts with at most this many employees.

    Returns:
        Opportunities with id, name, closeDate, accountId and numberOfEmployees.
    """
    start, end = (date.fromisoformat(d.strip()[:10]) for d in (start_date, end_date))
    if end <= start:
        raise ValueError(f"end_date {end_date} is not after start_date {start_date}")
    return env.read(CLOSED_OPPORTUNITIES, {"stage": stage, "start": start, "end": end,
                                           "min_employees": int(min_employees), "max_employees": int(max_employees)})


def get_opportunity_call_transcripts(env: Env, opportunity_ids: list[str]) -> list[dict[str, Any]]:
    """The call transcripts on the given opportunities (VoiceCallTranscript linked to them).

    Args:
        opportunity_ids: Opportunity ids.

    Returns:
        Transcripts with opportunityId, id, createdDate and body (the call's text).
    """
    return env.read(OPPORTUNITY_CALLS, {"ids": [str(i) for i in opportunity_ids]}, max_rows=max(1000, 3 * len(opportunity_ids)))


TOOLS = (get_opportunities_by_close_date, get_opportunity_call_transcripts)
