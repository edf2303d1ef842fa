"""The tasks measure what the latents create: for each latent, a task whose gold answers change when
the latent is ablated (``simulate --ablate``), judged against the un-ablated org's true latents.

Agent ids, customer ids and article ids are row numbers of their tables, identical across the orgs
of one seed, so the un-ablated latents can score the answers of both orgs. Each statistic is the
mean over many uncurated drafts of one task (same seed for both orgs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.queries.cli import simulate

DRAFTS = 120


@pytest.fixture(scope="module")
def ablated(tmp_path_factory):
    """latent name -> an org folder simulated with that latent ablated (seed 7), loaded."""
    from crmarena.store import load_org

    base = tmp_path_factory.mktemp("ablated")
    cache = {}

    def get(latent: str):
        if latent not in cache:
            org = simulate(base / latent, "--ablate", latent)
            load_org(org, "embedded", quiet=True)
            cache[latent] = org
        return cache[latent]

    return get


def gold_answers(org_dir, task_name: str, intent="answerable", n=DRAFTS):
    """(draft, gold answer) of ``n`` distinct answerable drafts of a task, drawn with seed 1."""
    from crmarena.queries.orgdata import OrgData
    from crmarena.tasks.registry import get_task
    from crmarena.store import open_store

    task, org = get_task(task_name), OrgData(org_dir)
    rng = np.random.default_rng(1)
    out, seen = [], set()
    with open_store("embedded", org_dir=org_dir) as store:
        for _ in range(50 * n):
            if len(out) >= n:
                break
            d = task.draft(org, rng, intent)
            if d is None or d.identity() in seen:
                continue
            seen.add(d.identity())
            answer = task.gold(store, d)
            if answer != ["None"]:
                out.append((d, answer))
    assert len(out) >= n // 2, f"{task_name}: only {len(out)} answerable drafts"
    return out


def latents(org_dir, name):
    return pd.read_parquet(org_dir / "latents" / f"{name}.parquet")


def test_agent_skill_handle_time_winners_are_the_fast_agents(default_org, ablated):
    """HTU's fastest agents are the agents the skill latent made fast; ablated, they are anyone."""
    speed = latents(default_org, "agents").set_index("userId")["logSpeed"]

    def winners_speed(org):
        ids = [a for d, ans in gold_answers(org, "handle_time") if d.params["sign"] == 1 for a in ans]
        return speed.reindex(ids).mean() - speed.mean()

    real, abl = winners_speed(default_org), winners_speed(ablated("agent_skill"))
    assert real > 0.1 and real > abl + 0.1, (real, abl)


def test_policy_violation_answers_follow_the_agents_favourite_articles(default_org, ablated):
    """PVI's breached article is, with the latent, one the writing agent favours; ablated it is uniform."""
    agents = latents(default_org, "agents").set_index("userId")["articlePrefs"]
    articles = list(pd.read_parquet(default_org / "KnowledgeArticle.parquet")["id"])

    def favour(org):
        who = latents(org, "cases").set_index("caseId")["violatingAgentId"]
        prefs = [agents[who[d.params["caseId"]]][articles.index(ans[0])]
                 for d, ans in gold_answers(org, "policy_violation_identification", n=40)]
        return float(np.mean(prefs))

    real, abl = favour(default_org), favour(ablated("policy_violation"))
    assert real > abl + 0.08, (real, abl)


def test_shopping_habit_ned_customers_are_the_heavy_shoppers(default_org, ablated):
    """NED's "the X I bought N days ago" comes, with the latent, from the customers it made heavy
    shoppers (intensity, mean 1 over customers ≈ a third of the population's); ablated, from anyone."""
    intensity = latents(default_org, "customers").set_index("accountId")["intensity"]

    def mean_intensity(org):
        account = pd.read_parquet(org / "Contact.parquet").set_index("id")["accountId"]
        return float(np.mean([intensity[account[d.params["contactId"]]] for d, _ in
                              gold_answers(org, "named_entity_disambiguation")]))

    real, abl = mean_intensity(default_org), mean_intensity(ablated("shopping_habit"))
    assert real > 2 * abl, (real, abl)


def test_complaint_habit_top_issue_cases_come_from_habitual_complainers(default_org, ablated):
    """The cases behind TII's top issue were, with the latent, opened by customers with a high complaint
    propensity (mean 1 over customers); ablated, by customers of average propensity."""
    propensity = latents(default_org, "customers").set_index("accountId")["complaintPropensity"]

    def mean_propensity(org):
        cases = pd.read_parquet(org / "Case.parquet").merge(
            pd.read_parquet(org / "OrderItem.parquet")[["id", "productId"]].rename(columns={"id": "orderItemId"}),
            on="orderItemId")
        values = []
        for d, ans in gold_answers(org, "top_issue_identification"):
            p = d.params
            c = cases[(cases["productId"] == p["productId"]) & (cases["createdDate"] >= p["start"])
                      & (cases["createdDate"] < p["stop"]) & cases["issueId"].isin(ans)]
            values += list(propensity.reindex(c["accountId"]))
        return float(np.mean(values))

    real, abl = mean_propensity(default_org), mean_propensity(ablated("complaint_habit"))
    assert real > 1.4 * abl, (real, abl)
