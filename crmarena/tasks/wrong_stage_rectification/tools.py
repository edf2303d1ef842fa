"""The tool wrong stage rectification brings to the agents' toolbox (``env`` injected).

Portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import to_json_value

OPPORTUNITY_TASKS = """
MATCH (o:Opportunity {id: $opportunity_id})<-[:ABOUT_OPPORTUNITY]-(t:Task)
RETURN t.id AS id, t.subject AS subject, t.status AS status, t.priority AS priority,
       t.activityDate AS activityDate, o.stageName AS opportunityStage
ORDER BY activityDate, id
"""


def get_opportunity_tasks(env: Env, opportunity_id: str) -> list[dict[str, Any]]:
    """All tasks (activities) of one opportunity, oldest activity date first (ties by Task id).

    Args:
        opportunity_id: The Opportunity id, e.g. '006000000000004AAA'.

    Returns:
        Task records with id, subject, status, priority, activityDate (ISO date) and the opportunity's
        current stageName as opportunityStage.
    """
    return [to_json_value(r) for r in env.read(OPPORTUNITY_TASKS, {"opportunity_id": str(opportunity_id)})]


TOOLS = (get_opportunity_tasks,)
