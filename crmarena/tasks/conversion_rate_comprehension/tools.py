"""The tools conversion rate comprehension brings to the agents' toolbox (lead routing uses the lead
counts too): each is one function whose signature and docstring are its schema (``env`` injected).
Portable Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.crm import window_params
from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import parse_datetime
from crmarena.graph_schema.picklists import CLOSED_CONVERTED, literal

LEAD_COUNTS_BY_REP = f"""
MATCH (l:Lead)-[:OWNED_BY]->(u:User)
WHERE l.createdDate >= $start_date AND l.createdDate < $end_date
RETURN u.id AS repId, count(l) AS leads,
       sum(CASE WHEN l.status = {literal(CLOSED_CONVERTED)} AND l.convertedDate < date($before) THEN 1 ELSE 0 END) AS converted
ORDER BY repId
"""


def get_lead_counts_by_rep(env: Env, start_date: str, end_date: str, converted_before: str | None = None,
                           rep_ids: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Per owning sales rep, the leads created in a period and how many of them were converted.

    Args:
        start_date: Start of the period (inclusive), e.g. '2023-01-01T00:00:00Z'.
        end_date: End of the period (exclusive), e.g. '2023-04-01T00:00:00Z'.
        converted_before: Count a lead as converted only if its status is Closed - Converted and its
            converted date is before this day (default: end_date).
        rep_ids: Only these reps, each listed even without a lead (counts 0); default: every rep owning a lead.

    Returns:
        Rep (User) id -> {"leads": number of leads, "converted": number converted}.
    """
    params = window_params(start_date, end_date)
    params["before"] = parse_datetime(converted_before or end_date, "converted_before")
    counts = {r["repId"]: {"leads": int(r["leads"]), "converted": int(r["converted"])}
              for r in env.read(LEAD_COUNTS_BY_REP, params)}
    if rep_ids is None:
        return counts
    return {r: counts.get(r, {"leads": 0, "converted": 0}) for r in sorted(set(rep_ids))}


def calculate_conversion_rates(lead_counts: dict[str, dict[str, Any]], min_leads: int = 1) -> dict[str, float]:
    """Conversion rate (converted / leads) per rep, for the reps with at least ``min_leads`` leads.

    Args:
        lead_counts: Rep id -> {"leads": n, "converted": m} (the output of get_lead_counts_by_rep).
        min_leads: Only reps with at least this many leads are kept.
    """
    out: dict[str, float] = {}
    for rep, c in sorted(lead_counts.items()):
        leads, converted = int(c["leads"]), int(c["converted"])
        if leads >= max(min_leads, 1):
            out[rep] = float(converted) / leads
    return out


TOOLS = (get_lead_counts_by_rep, calculate_conversion_rates)
