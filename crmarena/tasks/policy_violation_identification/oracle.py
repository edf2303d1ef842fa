"""The oracle's plan for policy violation identification: the tool calls a perfect agent makes, the facts read from the instance's parameters."""

from __future__ import annotations

import re
from typing import Any

from crmarena.agents.oracle import Calls, OracleError, answer_of
from crmarena.simulator.config import data
from crmarena.tasks.policy_violation_identification.task import MIN_MARKER


def solve(call: Calls, p: dict[str, Any]) -> str:
    texts = [e.get("textBody") or "" for e in call("get_email_messages_by_case_id", case_id=p["caseId"])]
    texts += [t.get("body") or "" for t in call("get_livechat_transcript_by_case_id", case_id=p["caseId"])]
    breached = [title for title, markers in policy_breach_markers().items()
                if any(m in text for m in markers for text in texts)]
    ids = []
    for title in breached:   # the policy's knowledge article, found the way an agent would: by search
        hits = call("search_knowledge_articles", search_term=title)
        match = [h["id"] for h in hits if h.get("title") == title]
        if not match:
            raise OracleError(f"search does not find the policy article {title!r}")
        ids.append(match[0])
    return answer_of(sorted(set(ids)))


def policy_breach_markers() -> dict[str, list[str]]:
    """Policy article title -> the literal pieces of its breach sentences (what a breach reads like).

    The wording is the simulator's policy data; a piece is the longest literal part of a breach
    template between its {placeholders}, as long as the gold rule of the task requires.
    """
    out: dict[str, list[str]] = {}
    for policy in data("policies")["policies"]:
        pieces = [max((x.strip(" ,.") for x in re.split(r"\$?\{[^}]*\}", s)), key=len) for s in policy["breach"]]
        out[policy["title"]] = [x for x in pieces if len(x) >= MIN_MARKER]
    return out
