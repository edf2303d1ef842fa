"""Lead qualification (LQ), sales rep persona: which BANT factors (Budget, Authority, Need, Timeline)
a lead meets, going by its call transcripts.

Gold rule: a factor is met when one of the lead's VoiceCallTranscript bodies (linked ON_LEAD) carries
one of the factor's key phrases (``sales.yaml`` ``bant[].key``: the simulator writes a met factor's
line with one of them verbatim and an unmet line with none). The phrases travel as the ``$phrases``
parameter (``{factor, key}`` maps), never typed into the template. No factor met -> ``None``.

Curation: a lead with a call transcript, drawn uniformly (a lead's name and company identify it in
the question); about 15 % None instances (leads meeting no factor); no factor set answers more than
20 % of the instances (the curation cap). The truth of every instance is the lead's ``bantMet``
latent (latents/leads.parquet), checked by the tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

FACTORS = ("Budget", "Authority", "Need", "Timeline")


def bant_phrases() -> list[dict[str, str]]:
    """Every BANT key phrase as ``{factor, key}``, in the factors' order."""
    from crmarena.simulator.config import data

    return [{"factor": f["factor"], "key": k} for f in data("sales")["bant"] for k in f["key"]]


def called_leads(org: OrgData) -> Any:
    """The leads with at least one call transcript (table order), with their name."""
    if "called_leads" not in org.cache:
        leads = org.table("Lead")
        called = set(org.table("VoiceCallTranscript")["leadId"].dropna())
        org.cache["called_leads"] = leads[leads["id"].isin(called)].reset_index(drop=True)
    return org.cache["called_leads"]


class LeadQualification(Task):
    name = "lead_qualification"
    persona = "sales rep"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.15
    answer_type = "BANT factors"
    cypher = """
MATCH (v:VoiceCallTranscript)-[:ON_LEAD]->(l:Lead {id: $leadId})
UNWIND $phrases AS p
WITH p, v
WHERE v.body CONTAINS p.key
RETURN DISTINCT p.factor AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return True

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        leads = called_leads(org)
        if not len(leads):
            return None
        row = leads.iloc[int(rng.integers(len(leads)))]
        name = f"{row['firstName']} {row['lastName']}"
        return Draft(params={"leadId": row["id"], "phrases": bant_phrases()},
                     slots={"name": name, "company": str(row["company"])}, intent=intent, key=row["id"],
                     info={"leadName": name, "company": str(row["company"])})
