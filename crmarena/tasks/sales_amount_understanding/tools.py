"""The tools sales amount understanding brings to the agents' toolbox (the won-deal counts are shared with
sales cycle understanding): each is one function whose signature and docstring are its schema (``env``
injected). Portable Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from crmarena.agents.tools.crm import window_params
from crmarena.agents.tools.env import Env
from crmarena.graph_schema.picklists import CLOSED_WON, literal

WON = f"o.closeDate >= date($start_date) AND o.closeDate < date($end_date) AND o.stageName = {literal(CLOSED_WON)}"

WON_DEALS_BY_REP = f"""
MATCH (o:Opportunity)-[:OWNED_BY]->(u:User)
WHERE {WON}
RETURN u.id AS repId, count(o) AS deals, sum(o.amount) AS total
ORDER BY repId
"""


def get_won_deal_counts_by_rep(env: Env, start_date: str, end_date: str) -> dict[str, int]:
    """Number of Closed Won opportunities per owning sales rep, over the opportunities whose close date lies in a period.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'; close dates are compared by day.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.

    Returns:
        Rep (User) id -> number of won deals (reps without one are left out).
    """
    return {r["repId"]: int(r["deals"]) for r in env.read(WON_DEALS_BY_REP, window_params(start_date, end_date))}


def get_won_amount_by_rep(env: Env, start_date: str, end_date: str) -> dict[str, float]:
    """Total Amount of the Closed Won opportunities per owning sales rep, over the opportunities whose close date lies in a period.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'; close dates are compared by day.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.

    Returns:
        Rep (User) id -> sum of the won opportunities' amounts.
    """
    return {r["repId"]: float(r["total"]) for r in env.read(WON_DEALS_BY_REP, window_params(start_date, end_date))}


TOOLS = (get_won_deal_counts_by_rep, get_won_amount_by_rep)
