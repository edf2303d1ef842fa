"""The tools handle time brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from collections import defaultdict

from crmarena.agents.tools.crm import window_params
from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import CaseRecord, case_records
from crmarena.graph_schema.picklists import OWNER_ASSIGNMENT, literal

NON_TRANSFERRED_CASE_IDS = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE h.field = {literal(OWNER_ASSIGNMENT)} AND c.createdDate >= $start_date AND c.createdDate < $end_date
WITH c.id AS caseId, count(h) AS assignments
WHERE assignments = 1
RETURN caseId
ORDER BY caseId
"""


def get_non_transferred_case_ids(env: Env, start_date: str, end_date: str) -> list[str]:
    """Ids of the cases created in a period that have exactly one Owner Assignment (never transferred).

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
    """
    return [r["caseId"] for r in env.read(NON_TRANSFERRED_CASE_IDS, window_params(start_date, end_date))]


def calculate_average_handle_time(cases: list[CaseRecord]) -> dict[str, float]:
    """Average handle time (closedDate - createdDate, in minutes) per owning agent.

    Args:
        cases: Case records with ownerId, createdDate and closedDate; cases without a closedDate are ignored.

    Returns:
        Agent (User) id -> average handle time in minutes.
    """
    times: dict[str, list[float]] = defaultdict(list)
    for i, c in enumerate(case_records(cases)):
        if c.closedDate is None:
            continue
        if not c.ownerId or c.createdDate is None:
            raise ValueError(f"the case at index {i} lacks ownerId or createdDate")
        times[c.ownerId].append((c.closedDate - c.createdDate).total_seconds() / 60)
    return {a: sum(t) / len(t) for a, t in sorted(times.items())}


TOOLS = (get_non_transferred_case_ids, calculate_average_handle_time)
