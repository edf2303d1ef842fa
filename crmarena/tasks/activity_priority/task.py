"""Activity priority, sales rep persona: "Which of my open tasks due between d1 and d2 should I do first?"

Gold rule (the Activity Prioritization Guidelines article, sales.yaml ``policies.priority``): the rep's
tasks with an open status (``$open``: Not Started, In Progress) and an activity date in ``[$d1, $d2]``
(both days included), ordered by priority (``$priorities``, the schema's High, Normal, Low order: the
position in the list is the rank), then the earliest activity date, then the largest amount of the
task's opportunity (a lead's task counts as amount 0). The template returns the candidates in that
order with their sort key; ``answer`` keeps every task tied with the first on the whole key, and
curation accepts only a unique first task.

Curation: a rep owning open tasks and a window of 1–14 days inside the open tasks' dates, holding at
least ``MIN_TASKS`` of the rep's open tasks; no task answers more than 20 % of the instances. No None
instances.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from crmarena.graph_schema.picklists import allowed, value
from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task

OPEN_TASK = (value("Task", "status", "Not Started"), value("Task", "status", "In Progress"))
PRIORITIES = allowed("Task", "priority")       # High, Normal, Low: the schema lists them by rank
MIN_TASKS = 3
MAX_DAYS = 14


def rep_name(org: OrgData, user_id: str) -> str:
    u = org.table("User").set_index("id").loc[user_id]
    return f"{u['firstName']} {u['lastName']}"


class ActivityPriority(Task):
    name = "activity_priority"
    persona = "sales rep"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.0
    answer_type = "Task id"
    cypher = """
MATCH (u:User {id: $repId})<-[:OWNED_BY]-(t:Task)
WHERE t.status IN $open AND t.activityDate >= $d1 AND t.activityDate <= $d2
OPTIONAL MATCH (t)-[:ABOUT_OPPORTUNITY]->(o:Opportunity)
WITH t, CASE WHEN o IS NULL THEN 0.0 ELSE o.amount END AS amount
UNWIND range(0, size($priorities) - 1) AS rank
WITH t, amount, rank WHERE $priorities[rank] = t.priority
RETURN t.id AS answer, rank, t.activityDate AS due, amount
ORDER BY rank, due, amount DESC, answer"""

    def answer(self, rows: list[dict[str, Any]]) -> list[str]:
        """Every task tied with the first on (rank, due date, amount); ``["None"]`` without a task."""
        if not rows:
            return [NONE_ANSWER]
        key = lambda r: (r["rank"], r["due"], r["amount"])  # noqa: E731
        return sorted(str(r["answer"]) for r in rows if key(r) == key(rows[0]))

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        tasks = org.table("Task")
        open_tasks = tasks[tasks["status"].isin(OPEN_TASK)]
        if open_tasks.empty:
            return None
        first, last = open_tasks["activityDate"].min(), open_tasks["activityDate"].max()
        reps = sorted(open_tasks["ownerId"].dropna().unique())
        rep = reps[int(rng.integers(len(reps)))]
        d1 = first + timedelta(days=int(rng.integers((last - first).days + 1)))
        d2 = min(last, d1 + timedelta(days=int(rng.integers(MAX_DAYS))))
        mine = open_tasks[(open_tasks["ownerId"] == rep) & (open_tasks["activityDate"] >= d1)
                          & (open_tasks["activityDate"] <= d2)]
        if len(mine) < MIN_TASKS:
            return None
        name = rep_name(org, rep)
        return Draft(params={"repId": rep, "d1": d1, "d2": d2, "open": list(OPEN_TASK), "priorities": list(PRIORITIES)},
                     slots={"d1": d1.isoformat(), "d2": d2.isoformat()}, intent=intent,
                     context={"rep": name, "rep_id": rep}, info={"repName": name})
