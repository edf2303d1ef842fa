"""Wrong stage rectification, sales rep persona: which stage should an open opportunity be in?

Gold rule (the required context states it, with the whole subject -> stage table): the opportunity's
latest Task (greatest activityDate; on the same date the greatest Task Id) names its real stage —
the open stage whose activity subjects (sales.yaml ``stages[].subjects``) hold the task's subject.
The table travels as two parallel list parameters (``$subjects``, ``$stages``), never typed into the
Cypher; ``$open`` (the open stage names) keeps the template to open opportunities.

Curation: open opportunities with a task. The simulator gives ~40 % of the open ones a stage field
that disagrees with their activities (``sales.wrong_stage_share``: 104 of 263 at seed 7 b2b), fewer
than 130, so a draft asks about a wrong-stage opportunity with chance ``WRONG_SHARE`` and otherwise
about one whose stage is right (the answer is then its current stage): at seed 7 about 100 of the
130 instances are wrong-stage ones. Four possible answers, so one stage may cover up to
``top_share`` = 35 % of the instances. No None instances.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

WRONG_SHARE = 0.9


def stage_table() -> list[dict[str, Any]]:
    """The open stages in order, each with its activity subjects (sales.yaml ``stages``)."""
    from crmarena.simulator.config import data

    return [{"name": s["name"], "subjects": list(s["subjects"])} for s in data("sales")["stages"]]


def table_params() -> dict[str, list[str]]:
    st = stage_table()
    return {"subjects": [x for s in st for x in s["subjects"]],
            "stages": [s["name"] for s in st for _ in s["subjects"]],
            "open": [s["name"] for s in st]}


def rule_text() -> str:
    return "\n".join(f"  - {s['name']}: {', '.join(s['subjects'])}" for s in stage_table())


def candidates(org: OrgData) -> pd.DataFrame:
    """Open opportunities with their latest task's stage (``real``) — curation only, never the gold."""
    if "wrong_stage" not in org.cache:
        p = table_params()
        by_subject = dict(zip(p["subjects"], p["stages"]))
        opp = org.table("Opportunity")
        opp = opp[opp["stageName"].isin(p["open"])]
        tasks = org.table("Task").dropna(subset=["opportunityId"]).sort_values(["activityDate", "id"])
        last = tasks.groupby("opportunityId").tail(1).set_index("opportunityId")["subject"].map(by_subject)
        opp = opp.assign(real=opp["id"].map(last)).dropna(subset=["real"])
        org.cache["wrong_stage"] = (opp[opp["real"] != opp["stageName"]].reset_index(drop=True),
                                    opp[opp["real"] == opp["stageName"]].reset_index(drop=True))
    return org.cache["wrong_stage"]


class WrongStageRectification(Task):
    name = "wrong_stage_rectification"
    persona = "sales rep"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.0
    top_share = 0.35
    answer_type = "stage name"
    cypher = """
MATCH (o:Opportunity {id: $opportunityId})<-[:ABOUT_OPPORTUNITY]-(t:Task)
WHERE o.stageName IN $open
WITH t ORDER BY t.activityDate DESC, t.id DESC LIMIT 1
UNWIND range(0, size($subjects) - 1) AS i
WITH t, i WHERE $subjects[i] = t.subject
RETURN $stages[i] AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        wrong, right = candidates(org)
        rows = wrong if rng.random() < WRONG_SHARE else right
        if rows.empty:
            return None
        row = rows.iloc[int(rng.integers(len(rows)))]
        return Draft(params={"opportunityId": row["id"], **table_params()},
                     slots={"opportunity_id": row["id"], "name": str(row["name"])}, intent=intent, key=row["id"],
                     context={"rule": rule_text(), "opportunity_id": row["id"]},
                     info={"currentStage": str(row["stageName"])})
