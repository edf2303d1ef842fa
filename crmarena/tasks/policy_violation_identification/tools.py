"""The tools policy violation identification brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from typing import Any

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import require

EMAIL_MESSAGES_BY_CASE = """
MATCH (e:EmailMessage)-[:ON_CASE]->(c:`Case`)
WHERE c.id = $case_id
RETURN e.id AS id, e.subject AS subject, e.textBody AS textBody, e.fromAddress AS fromAddress,
       e.toIds AS toIds, e.messageDate AS messageDate
ORDER BY messageDate, id
"""

LIVECHAT_TRANSCRIPTS_BY_CASE = """
MATCH (t:LiveChatTranscript)-[:ON_CASE]->(c:`Case`)
WHERE c.id = $case_id
OPTIONAL MATCH (t)-[:OWNED_BY]->(u:User)
RETURN t.id AS id, t.body AS body, t.endTime AS endTime, u.id AS ownerId
ORDER BY endTime, id
"""


def get_email_messages_by_case_id(env: Env, case_id: str) -> list[dict[str, Any]]:
    """The emails exchanged on a case, oldest first (subject, textBody, fromAddress, toIds, messageDate).

    Args:
        case_id: The Case id.
    """
    require(case_id, "case_id")
    return env.read(EMAIL_MESSAGES_BY_CASE, {"case_id": case_id})


def get_livechat_transcript_by_case_id(env: Env, case_id: str) -> list[dict[str, Any]]:
    """The live chat transcripts of a case (body, endTime, ownerId of the agent).

    Args:
        case_id: The Case id.
    """
    require(case_id, "case_id")
    return env.read(LIVECHAT_TRANSCRIPTS_BY_CASE, {"case_id": case_id})


TOOLS = (get_email_messages_by_case_id, get_livechat_transcript_by_case_id)
