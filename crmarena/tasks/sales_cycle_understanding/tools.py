"""The tools sales cycle understanding brings to the agents' toolbox (it also uses sales amount
understanding's won-deal counts): each is one function whose signature and docstring are its schema
(``env`` injected). Portable Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from crmarena.agents.tools.crm import window_params
from crmarena.agents.tools.env import Env
from crmarena.tasks.sales_amount_understanding.tools import WON

AVERAGE_SALES_CYCLE_BY_REP = f"""
MATCH (o:Opportunity)-[:OWNED_BY]->(u:User)
WHERE {WON}
MATCH (o)-[:UNDER_CONTRACT]->(k:Contract)
RETURN u.id AS repId, avg(duration.inDays(date(o.createdDate), k.customerSignedDate).days) AS days
ORDER BY repId
"""


def get_average_sales_cycle_by_rep(env: Env, start_date: str, end_date: str) -> dict[str, float]:
    """Average sales cycle in days per owning sales rep, over the Closed Won opportunities whose close date lies
    in a period; a deal's cycle runs from the opportunity's creation day to its contract's customer signed date.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'; close dates are compared by day.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.

    Returns:
        Rep (User) id -> average number of days.
    """
    return {r["repId"]: float(r["days"]) for r in env.read(AVERAGE_SALES_CYCLE_BY_REP, window_params(start_date, end_date))}


TOOLS = (get_average_sales_cycle_by_rep,)   # with sales amount understanding's get_won_deal_counts_by_rep
