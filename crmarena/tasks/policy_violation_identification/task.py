"""Policy violation identification (PVI), agent/manager persona: did the agent on case X breach a
company policy, and which knowledge article?

Gold: the simulator samples breaches per case (``latents/cases.parquet`` ``violatedArticleId``) and
writes each one as a sentence in the agent's own words into the case's chat or last agent email.
The gold Cypher reads what an agent would read: the policy articles whose breach wording (``$markers``,
the literal parts of each policy's breach sentences in ``crmarena/data/simulator/policies.yaml``,
keyed by the policy article's id) occurs in the case's emails or chat transcripts. A case without a
breach matches nothing -> ``None``. Tests check the Cypher's answer equals the sampled article for
every instance, so the breach is visible in the text.

Curation: Closed or open cases with at least one email or chat; answerable drafts are cases with a
sampled breach, None drafts cases without one (the 30 % false presuppositions: "did the agent breach
a policy?" — no).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

MIN_MARKER = 12        # shortest literal piece of a breach sentence worth matching


def policy_markers(org: OrgData) -> list[dict[str, str]]:
    """``[{article, text}]``: the longest literal piece of every breach sentence of every policy."""
    if "markers" in org.cache:
        return org.cache["markers"]
    from crmarena.simulator.config import data

    titles = dict(zip(org.table("KnowledgeArticle")["title"], org.table("KnowledgeArticle")["id"]))
    markers = []
    for policy in data("policies")["policies"]:
        article = titles.get(policy["title"])
        if article is None:
            raise CrmarenaError(f"the org has no knowledge article titled {policy['title']!r}")
        for sentence in policy["breach"]:
            pieces = [p.strip(" ,.") for p in re.split(r"\$?\{[^}]*\}", sentence)]
            best = max(pieces, key=len)
            if len(best) >= MIN_MARKER:
                markers.append({"article": article, "text": best})
    org.cache["markers"] = markers
    return markers


def case_violations(org: OrgData) -> pd.DataFrame:
    """Cases with messages, and their sampled breached article (null when none)."""
    if "violations" in org.cache:
        return org.cache["violations"]
    lat = org.latents("cases")
    if lat is None or "violatedArticleId" not in lat.columns:
        raise CrmarenaError(f"{org.path} has no latents/cases.parquet with violatedArticleId (re-simulate it)")
    with_text = set(org.table("EmailMessage")["caseId"]) | set(org.table("LiveChatTranscript")["caseId"])
    cases = org.table("Case")[["id", "ownerId"]].rename(columns={"id": "caseId"})
    df = cases[cases["caseId"].isin(with_text)].merge(lat[["caseId", "violatedArticleId"]], on="caseId", how="left")
    org.cache["violations"] = df.reset_index(drop=True)
    return org.cache["violations"]


class PolicyViolationIdentification(Task):
    name = "policy_violation_identification"
    persona = "manager"
    none_share = 0.3
    answer_type = "KnowledgeArticle id"
    cypher = """
MATCH (c:`Case` {id: $caseId})<-[:ON_CASE]-(e:EmailMessage)
UNWIND $markers AS mk
WITH e, mk WHERE e.textBody CONTAINS mk.text
RETURN mk.article AS answer
UNION
MATCH (c:`Case` {id: $caseId})<-[:ON_CASE]-(t:LiveChatTranscript)
UNWIND $markers AS mk
WITH t, mk WHERE t.body CONTAINS mk.text
RETURN mk.article AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        df = case_violations(org)
        pool = df[df["violatedArticleId"].notna()] if intent == "answerable" else df[df["violatedArticleId"].isna()]
        if pool.empty:
            return None
        row = pool.iloc[int(rng.integers(len(pool)))]
        return Draft(params={"caseId": row["caseId"], "markers": policy_markers(org)},
                     slots={"case_id": row["caseId"]}, intent=intent, key=row["caseId"],
                     context={"case_id": row["caseId"]})

    def record_parameters(self, draft: Draft) -> dict[str, Any]:
        return {"caseId": draft.params["caseId"]}      # the markers are the org's, not the instance's

    def gold_params(self, parameters: dict[str, Any], org: OrgData) -> dict[str, Any]:
        return super().gold_params({**parameters, "markers": None}, org) | {"markers": policy_markers(org)}
