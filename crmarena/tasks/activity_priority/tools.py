"""The tool activity priority brings to the agents' toolbox (``env`` injected).

Portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import to_json_value

_OWNER_TASKS = """
MATCH (u:User {{id: $owner_id}})<-[:OWNED_BY]-(t:Task)
WHERE t.activityDate >= $start AND t.activityDate <= $stop{statuses}
OPTIONAL MATCH (t)-[:ABOUT_OPPORTUNITY]->(o:Opportunity)
OPTIONAL MATCH (t)-[:ABOUT_LEAD]->(l:Lead)
RETURN t.id AS id, t.subject AS subject, t.status AS status, t.priority AS priority,
       t.activityDate AS activityDate, o.id AS opportunityId, o.amount AS opportunityAmount, l.id AS leadId
ORDER BY activityDate, id
"""

OWNER_TASKS = _OWNER_TASKS.format(statuses="")
OWNER_TASKS_OF_STATUSES = _OWNER_TASKS.format(statuses=" AND t.status IN $statuses")


def get_tasks_by_owner(env: Env, owner_id: str, start_date: str, end_date: str,
                       statuses: list[str] | None = None) -> list[dict[str, Any]]:
    """The tasks a user owns with an activity (due) date in a period, both days included.

    Args:
        owner_id: The owner's User id.
        start_date: First due date, e.g. '2024-01-03'.
        end_date: Last due date (included), e.g. '2024-01-10'.
        statuses: Only tasks with these statuses (Not Started, In Progress, Completed); all when omitted.

    Returns:
        Task records with id, subject, status, priority, activityDate, and the opportunity's id and
        amount (opportunityId, opportunityAmount) or the lead's id (leadId), earliest due date first.
    """
    start, stop = date.fromisoformat(start_date[:10]), date.fromisoformat(end_date[:10])
    if stop < start:
        raise ValueError(f"end_date {end_date} is before start_date {start_date}")
    params: dict[str, Any] = {"owner_id": str(owner_id), "start": start, "stop": stop}
    if statuses is not None:
        params["statuses"] = [str(s) for s in statuses]
    text = OWNER_TASKS if statuses is None else OWNER_TASKS_OF_STATUSES
    return [to_json_value(r) for r in env.read(text, params)]


TOOLS = (get_tasks_by_owner,)
