"""The tools lead qualification brings to the agents' toolbox: each is one function whose signature
and docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env

LEADS_BY_NAME = """
MATCH (l:Lead)
WHERE toLower(l.firstName) = $first AND toLower(l.lastName) = $last
RETURN l.id AS id, l.firstName AS firstName, l.lastName AS lastName, l.company AS company, l.title AS title,
       l.status AS status, l.state AS state
ORDER BY id
"""

LEAD_CALLS = """
MATCH (v:VoiceCallTranscript)-[:ON_LEAD]->(l:Lead {id: $lead_id})
RETURN v.id AS id, v.createdDate AS createdDate, v.body AS body
ORDER BY createdDate, id
"""


def find_leads_by_name(env: Env, full_name: str, company: str | None = None) -> list[dict[str, Any]]:
    """Find leads by full name (first and last name, case-insensitive), optionally at a company.

    Args:
        full_name: The lead's full name, e.g. 'Derrick Clayton'.
        company: Only leads of this company (case-insensitive), e.g. 'Cisneros Group'.

    Returns:
        Leads with id, firstName, lastName, company, title, status and state.
    """
    first, _, last = full_name.strip().partition(" ")
    if not last.strip():
        raise ValueError("give the lead's first and last name")
    rows = env.read(LEADS_BY_NAME, {"first": first.lower(), "last": last.strip().lower()})
    if company:
        rows = [r for r in rows if str(r["company"] or "").lower() == company.strip().lower()]
    return rows


def get_lead_call_transcripts(env: Env, lead_id: str) -> list[dict[str, Any]]:
    """The call transcripts with a lead (VoiceCallTranscript linked to the lead), oldest first.

    Args:
        lead_id: The Lead id.

    Returns:
        Transcripts with id, createdDate and body (the call's text, one speaker line each).
    """
    return env.read(LEAD_CALLS, {"lead_id": lead_id})


TOOLS = (find_leads_by_name, get_lead_call_transcripts)
