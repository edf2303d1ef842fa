"""The tools lead routing brings to the agents' toolbox (with conversion rate comprehension's
get_lead_counts_by_rep): each is one function whose signature and docstring are its schema (``env``
injected). Portable Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import require
from crmarena.tasks.lead_routing.task import LISTS_STATE

TERRITORIES_BY_STATE = f"""
MATCH (t:Territory)
WHERE {LISTS_STATE}
RETURN t.id AS id, t.name AS name, t.description AS description
ORDER BY id
"""

TERRITORY_REPS = """
MATCH (t:Territory)<-[:IN_TERRITORY]-(:UserTerritoryAssociation)-[:FOR_USER]->(u:User)
WHERE t.id = $territory_id
RETURN DISTINCT u.id AS id
ORDER BY id
"""


def get_territories_by_state(env: Env, state: str) -> list[dict[str, Any]]:
    """The sales territories whose description lists a US state.

    Args:
        state: The two-letter US state code, e.g. 'CA'.

    Returns:
        Territories with id, name and description.
    """
    require(state.strip(), "state")
    return env.read(TERRITORIES_BY_STATE, {"state": state.strip().upper()})


def get_territory_rep_ids(env: Env, territory_id: str) -> list[str]:
    """Ids of the sales reps (Users) assigned to a territory (UserTerritory2Association), sorted.

    Args:
        territory_id: The Territory2 id.
    """
    require(territory_id.strip(), "territory_id")
    return [r["id"] for r in env.read(TERRITORY_REPS, {"territory_id": territory_id.strip()})]


TOOLS = (get_territories_by_state, get_territory_rep_ids)   # with get_lead_counts_by_rep
