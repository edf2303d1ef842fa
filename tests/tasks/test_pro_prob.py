"""The four CRMArena-Pro families of this file (wrong_stage_rectification, activity_priority,
quote_approval, invalid_config) on the seed-7 b2b org: every curated gold answer against an
independent pandas recomputation (reference_prob.py), the None share and answer variety, the oracle
single-turn and interactive, and each new tool once."""

from __future__ import annotations

from collections import Counter

import pytest

from crmarena.agents.config import default_settings
from crmarena.agents.interactive import InteractiveAgent
from crmarena.agents.oracle import OracleAgent
from crmarena.agents.runner import episode_record
from crmarena.agents.users import ScriptedUser
from tests.tasks.reference_prob import SalesReference

# task -> (the reference's method, the None share wanted, least distinct answers)
FAMILIES = {
    "wrong_stage_rectification": ("wrong_stage", 0.0, 4),
    "activity_priority": ("activity_priority", 0.0, 5),
    "quote_approval": ("quote_approval", 0.0, 2),
    "invalid_config": ("invalid_config", 0.4, 5),
}
INTERACTIVE = default_settings().model_copy(update={"interactive": True})


@pytest.fixture(scope="module")
def curated(b2b, store):
    from crmarena.queries.runner import build_instances

    instances, summaries = build_instances(b2b, store, names=list(FAMILIES))
    assert all(s.shortfall is None for s in summaries)
    return instances


@pytest.fixture(scope="module")
def ref(b2b):
    return SalesReference(b2b)


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_gold_answer_matches_the_reference_and_the_answers_vary(curated, ref, name):
    method, none_share, distinct = FAMILIES[name]
    rows = [t for t in curated if t.task == name]
    assert len(rows) == 130
    for t in rows:
        assert t.answer == getattr(ref, method)(t.parameters), (t.idx, t.parameters)
    answers = Counter(", ".join(t.answer) for t in rows)
    assert answers["None"] == round(130 * none_share)
    assert len([a for a in answers if a != "None"]) >= distinct
    answerable = 130 - answers["None"]
    from crmarena.tasks.registry import get_task
    top = get_task(name).top_share
    assert max(n for a, n in answers.items() if a != "None") <= top * answerable


@pytest.mark.parametrize("name", list(FAMILIES))
def test_the_gold_reruns_from_the_record_parameters(curated, b2b, store, name):
    from crmarena.queries.orgdata import OrgData
    from crmarena.queries.task import Draft
    from crmarena.tasks.registry import get_task

    task, org = get_task(name), OrgData(b2b)
    for t in [t for t in curated if t.task == name][:10]:
        assert task.gold(store, Draft(params=task.gold_params(t.parameters, org), slots={}, intent="answerable")) == t.answer


def test_wrong_stage_instances_are_mostly_wrong_stage_ones(curated):
    rows = [t for t in curated if t.task == "wrong_stage_rectification"]
    assert sum(t.answer[0] != t.parameters["currentStage"] for t in rows) >= 0.6 * len(rows)


def test_quote_approval_is_balanced_and_agrees_with_the_breach_latent(curated, ref):
    rows = [t for t in curated if t.task == "quote_approval"]
    assert Counter(t.answer[0] for t in rows) == {"Approved": 65, "Rejected": 65}
    for t in rows:
        assert (t.answer == ["Rejected"]) == bool(ref.latent_quotes.loc[t.parameters["quoteId"], "breach"])


def test_invalid_config_agrees_with_the_drawn_rule_breaks(curated, ref):
    rows = [t for t in curated if t.task == "invalid_config"]
    for t in rows:        # a quote drawn to break a rule breaks one; the None quotes were drawn to break none
        drawn = ref.latent_quotes.loc[t.parameters["quoteId"], "invalidRule"] >= 0
        assert drawn == (t.answer != ["None"]), t.parameters["quoteId"]


@pytest.mark.parametrize("name", list(FAMILIES))
def test_the_oracle_solves_single_turn_and_interactive(curated, store, name):
    rows = [t for t in curated if t.task == name][:3]
    for t in rows:
        rec = episode_record(t, 0, "oracle", None, OracleAgent().run(t, store))
        assert rec["score"] == 1.0, rec["error"]
        agent = InteractiveAgent(OracleAgent(), ScriptedUser, INTERACTIVE)
        rec = episode_record(t, 0, "oracle", None, agent.run(t, store))
        assert rec["score"] == 1.0 and rec["user_turns"] == 2, rec["error"]


def _tool(name):
    from crmarena.agents.tools import functions

    return next(f for f in functions("task") if f.__name__ == name)


def test_get_opportunity_tasks(store, ref):
    from crmarena.agents.tools.env import ToolEnv

    opp = ref.task.dropna(subset=["opportunityId"])["opportunityId"].iloc[0]
    rows = _tool("get_opportunity_tasks")(ToolEnv(store, default_settings()), opp)
    want = ref.task[ref.task["opportunityId"] == opp].sort_values(["activityDate", "id"])
    assert [r["id"] for r in rows] == list(want["id"])
    assert rows[0]["activityDate"] == want["activityDate"].iloc[0].isoformat()
    assert {r["opportunityStage"] for r in rows} == {ref.opp.loc[opp, "stageName"]}


def test_get_tasks_by_owner(store, ref):
    from crmarena.agents.tools.env import ToolEnv

    env = ToolEnv(store, default_settings())
    rep = ref.task["ownerId"].iloc[0]
    rows = _tool("get_tasks_by_owner")(env, rep, "2024-01-01", "2024-01-21", statuses=["Not Started", "In Progress"])
    t = ref.task
    want = t[(t["ownerId"] == rep) & (t["status"] != "Completed")]
    assert sorted(r["id"] for r in rows) == sorted(want["id"]) and rows
    every = _tool("get_tasks_by_owner")(env, rep, "2023-01-01", "2024-12-31")
    assert len(every) == (t["ownerId"] == rep).sum()
    assert all((r["opportunityId"] is None) != (r["leadId"] is None) for r in every)


def test_get_quote_account_and_line_items(store, ref):
    from crmarena.agents.tools.env import ToolEnv

    env = ToolEnv(store, default_settings())
    quote = ref.quote.index[0]
    acc = _tool("get_quote_account")(env, quote)
    assert acc["accountId"] == ref.quote.loc[quote, "accountId"]
    assert acc["numberOfEmployees"] == ref.account.loc[acc["accountId"], "numberOfEmployees"]
    lines = _tool("get_quote_line_items")(env, quote)
    want = ref.qli[ref.qli["quoteId"] == quote].sort_values("id")
    assert [r["id"] for r in lines] == list(want["id"])
    assert [r["discount"] for r in lines] == list(want["discount"])
    assert all(r["category"] in ref.category[r["productId"]] for r in lines)
