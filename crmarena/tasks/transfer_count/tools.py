"""The tools transfer count brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from crmarena.agents.tools.crm import events_window
from crmarena.agents.tools.env import Env
from crmarena.graph_schema.picklists import OWNER_ASSIGNMENT, literal

AGENT_TRANSFERRED_CASES = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE h.field = {literal(OWNER_ASSIGNMENT)} AND c.createdDate >= $start_date AND c.createdDate < $end_date{{before}}
MATCH (h)-[:OLD_OWNER]->(u:User)
RETURN u.id AS agentId, count(h) AS transfers
ORDER BY agentId
"""


def get_agent_transferred_cases_by_period(env: Env, start_date: str, end_date: str,
                                          qualified_agent_ids: list[str] | None = None,
                                          before: str | None = None) -> dict[str, int]:
    """Count, per agent, the transfers away from the agent on cases created in a period.

    A transfer is an Owner Assignment event with an old owner; it counts for the old owner.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        qualified_agent_ids: If given, only these agents, each listed (with 0 if it made no transfer).
        before: If given, only transfers made before this time (e.g. today at 00:00).

    Returns:
        Agent (User) id -> number of cases that agent transferred in the period.
    """
    params, extra = events_window(start_date, end_date, before)
    rows = env.read(AGENT_TRANSFERRED_CASES.format(before=extra), params)
    counts = {r["agentId"]: r["transfers"] for r in rows}
    if qualified_agent_ids is None:
        return counts
    return {a: counts.get(a, 0) for a in dict.fromkeys(qualified_agent_ids)}


TOOLS = (get_agent_transferred_cases_by_period,)
