"""The sales side (CRMArena-Pro's 11 objects): the b2b org's shape, the texts the tasks rest on, and
each sales latent's signature, present in the default b2b org (seed 7) and gone with the latents ablated.

Signature statistics read the org tables only (what an agent could observe); the thresholds sit far
from the values measured at seed 7 (full / ablated in the comments).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from crmarena.graph_schema import load_schema
from crmarena.graph_schema.arrow import arrow_schema, table_file
from crmarena.simulator.config import data
from crmarena.simulator.latents import SALES_LATENTS, module

SALES = ("Opportunity", "OpportunityLineItem", "Quote", "QuoteLineItem", "Contract", "Lead", "Task", "Event",
         "VoiceCallTranscript", "Territory", "UserTerritoryAssociation")


def read(org, label, cols=None):
    return pd.read_parquet(org / f"{label}.parquet", columns=cols)


@pytest.fixture(scope="session")
def b2b(org):
    return org(7, kind="b2b")


@pytest.fixture(scope="session")
def b2b_ablated(org):
    return org(7, kind="b2b", ablate=SALES_LATENTS)


def dispersion(k, n) -> float:
    """Pearson chi-square / df of k successes out of n per group against one pooled rate (1 if homogeneous)."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    p = k.sum() / n.sum()
    return float((((k - n * p) ** 2) / (n * p * (1 - p))).sum() / (len(k) - 1))


def test_b2b_tables_hold_their_kinds_columns_and_every_key_resolves(b2b):
    schema = load_schema()
    ids = {n.label: set(read(b2b, n.label, ["id"])["id"]) for n in schema.nodes}
    for node in schema.nodes:
        t = pq.read_table(b2b / table_file(node.label))
        assert t.schema.equals(arrow_schema(node, "b2b"), check_metadata=False), node.label
        for rel in node.relationships:
            fk = t[rel.column].drop_null().to_pylist()
            assert set(fk) <= ids[rel.target], (node.label, rel.column)
    acc, con = read(b2b, "Account"), read(b2b, "Contact", ["accountId"])
    assert {"name", "industry", "numberOfEmployees"} <= set(acc.columns) and "firstName" not in acc.columns
    per = con["accountId"].value_counts()
    assert per.index.nunique() == len(acc) and per.mean() > 2      # companies with several contacts each
    assert set(acc["industry"]) <= set(load_schema().node("Account").values("industry"))


def test_b2c_orgs_hold_the_sales_tables_too(org):
    tiny = org(11, 300)
    for label in SALES:
        assert (tiny / table_file(label)).is_file()
    assert pq.read_table(tiny / "Account.parquet").schema.names == arrow_schema(load_schema().node("Account"), "b2c").names


def test_bant_key_phrases_state_exactly_the_factors_met(b2b):
    bant = data("sales")["bant"]
    calls = read(b2b, "VoiceCallTranscript", ["body", "leadId"]).dropna(subset=["leadId"])
    truth = pd.read_parquet(b2b / "latents" / "leads.parquet").set_index("leadId")["bantMet"]
    assert len(calls) > 500
    for body, lead in zip(calls["body"], calls["leadId"]):
        stated = [any(k in body for k in f["key"]) for f in bant]
        assert stated == [bool(x) for x in truth[lead]], lead


def test_every_closing_call_names_one_reason(b2b):
    sd = data("sales")
    opps = read(b2b, "Opportunity", ["id", "stageName"]).set_index("id")["stageName"]
    calls = read(b2b, "VoiceCallTranscript", ["body", "opportunityId"]).dropna(subset=["opportunityId"])
    keys = {"Closed Won": [r["key"] for r in sd["win_reasons"]], "Closed Lost": [r["key"] for r in sd["loss_reasons"]]}
    every = keys["Closed Won"] + keys["Closed Lost"]
    for body, opp in zip(calls["body"], calls["opportunityId"]):
        named = [k for k in every if k in body]
        stage = opps[opp]
        assert (len(named) == 1 and named[0] in keys[stage]) if stage in keys else not named, (opp, stage)


def quote_segments(org) -> pd.DataFrame:
    q = read(org, "Quote", ["id", "accountId"])
    emp = read(org, "Account", ["id", "numberOfEmployees"]).set_index("id")["numberOfEmployees"].reindex(q["accountId"])
    q["segment"] = np.where(emp >= 1000, "Enterprise", np.where(emp >= 100, "Mid-Market", "Small"))
    return q.set_index("id")


def test_a_quote_breaches_the_discount_policy_exactly_when_its_latent_says_so(b2b):
    """The breach latent shows in the written quote: a kept line above the segment's limit (never a line
    the configuration break dropped), and no other quote has one."""
    limits = data("sales")["policies"]["discount"]["max_line_discount"]
    q = quote_segments(b2b)
    top = read(b2b, "QuoteLineItem", ["quoteId", "discount"]).groupby("quoteId")["discount"].max().reindex(q.index)
    over = top.to_numpy() > q["segment"].map(limits).to_numpy()
    truth = pd.read_parquet(b2b / "latents" / "quotes.parquet").set_index("quoteId").reindex(q.index)
    assert top.notna().all() and truth["breach"].any()
    assert (over == truth["breach"].to_numpy()).all()


def test_a_quote_drawn_to_break_a_configuration_rule_breaks_it(b2b):
    rules = data("sales")["policies"]["configuration"]["rules"]
    lines = read(b2b, "QuoteLineItem", ["quoteId", "productId", "quantity"])
    cat = read(b2b, "ProductCategoryProduct").set_index("productId")["productCategoryId"]
    names = read(b2b, "ProductCategory", ["id", "name"]).set_index("id")["name"]
    lines["category"] = lines["productId"].map(cat).map(names)
    truth = pd.read_parquet(b2b / "latents" / "quotes.parquet").set_index("quoteId")["invalidRule"]
    assert (truth >= 0).sum() > 10
    for quote, k in truth[truth >= 0].items():
        r, mine = rules[k], lines[lines["quoteId"] == quote]
        on = mine[mine["category"] == r["category"]]
        assert len(on), (quote, r)
        if r["kind"] == "max_quantity":
            assert (on["quantity"] > int(r["value"])).any(), (quote, r)
        elif r["kind"] == "pack_size":
            assert (on["quantity"] % int(r["value"]) != 0).any(), (quote, r)
        else:
            assert not (mine["category"] == r["value"]).any(), (quote, r)


def test_open_deals_latest_task_is_their_one_open_task(b2b):
    stages = {s: st["name"] for st in data("sales")["stages"] for s in st["subjects"]}
    tasks = read(b2b, "Task", ["id", "subject", "status", "activityDate", "opportunityId"]).dropna(subset=["opportunityId"])
    truth = pd.read_parquet(b2b / "latents" / "opportunities.parquet").set_index("opportunityId")["trueStage"]
    names = load_schema().node("Opportunity").values("stageName")
    latest = tasks.sort_values(["activityDate", "id"]).groupby("opportunityId").tail(1).set_index("opportunityId")
    open_deals = truth[truth < 4]
    assert len(open_deals) > 100
    for opp, stage in open_deals.items():
        assert stages[latest.loc[opp, "subject"]] == names[stage] and latest.loc[opp, "status"] != "Completed"
    stage_field = read(b2b, "Opportunity", ["id", "stageName"]).set_index("id")["stageName"]
    wrong = (stage_field[open_deals.index] != open_deals.map(lambda s: names[s])).mean()
    assert 0.25 < wrong < 0.55                                  # sales.wrong_stage_share 0.4


def test_sales_policies_are_knowledge_articles_of_the_b2b_org_only(b2b, org):
    titles = set(read(b2b, "KnowledgeArticle", ["title"])["title"])
    p = data("sales")["policies"]
    assert {p["discount"]["title"], p["configuration"]["title"], p["routing"]["title"]} <= titles
    assert p["discount"]["title"] not in set(read(org(11, 300), "KnowledgeArticle", ["title"])["title"])


def test_b2b_is_deterministic(tmp_path):
    from crmarena.simulator import simulate_org

    def digests(path):
        return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(path.glob("*.parquet"))}

    a = simulate_org(3, 150, tmp_path / "a", kind="b2b")
    b = simulate_org(3, 150, tmp_path / "b", kind="b2b")
    assert digests(a) == digests(b) and len(digests(a)) == 27


@pytest.mark.parametrize("name", SALES_LATENTS)
def test_each_sales_latent_documents_its_signature_and_ablation(name):
    m = module(name)
    assert m.SIGNATURE and m.ABLATION and m.UNIT and callable(m.build) and callable(m.draw_numpy)


# --- signatures: present in the full model, gone when ablated ------------------------------------------------

def win_dispersion(org) -> float:
    o = read(org, "Opportunity", ["ownerId", "stageName"])
    g = o[o["stageName"].isin(["Closed Won", "Closed Lost"])].groupby("ownerId")["stageName"]
    return dispersion(g.apply(lambda s: (s == "Closed Won").sum()), g.size())


def bant_correlation(org) -> float:
    calls = read(org, "VoiceCallTranscript", ["body", "leadId"]).dropna(subset=["leadId"])
    m = np.array([[any(k in b for k in f["key"]) for f in data("sales")["bant"]] for b in calls["body"]], float)
    return float(np.corrcoef(m.T)[np.triu_indices(4, 1)].mean())


def breach_dispersion(org) -> float:
    limits = data("sales")["policies"]["discount"]["max_line_discount"]
    q = read(org, "Quote", ["id", "opportunityId", "accountId"])
    owner = read(org, "Opportunity", ["id", "ownerId"]).set_index("id")["ownerId"]
    emp = read(org, "Account", ["id", "numberOfEmployees"]).set_index("id")["numberOfEmployees"].reindex(q["accountId"])
    seg = np.where(emp >= 1000, "Enterprise", np.where(emp >= 100, "Mid-Market", "Small"))
    top = read(org, "QuoteLineItem", ["quoteId", "discount"]).groupby("quoteId")["discount"].max().reindex(q["id"])
    g = pd.Series(top.to_numpy() > np.array([limits[s] for s in seg])).groupby(q["opportunityId"].map(owner).to_numpy())
    return dispersion(g.sum(), g.size())


def opportunities_per_account(org) -> float:
    per = read(org, "Opportunity", ["accountId"])["accountId"].value_counts()
    counts = np.concatenate([per.to_numpy(), np.zeros(len(read(org, "Account", ["id"])) - len(per))])
    return float(counts.var() / counts.mean())


def leads_within_territory(org) -> float:
    leads = read(org, "Lead", ["ownerId"])["ownerId"].value_counts()
    uta = read(org, "UserTerritoryAssociation")
    n = uta.assign(n=uta["userId"].map(leads).fillna(0))
    chi = sum(((g["n"] - g["n"].mean()) ** 2).sum() / g["n"].mean() for _, g in n.groupby("territoryId"))
    return float(chi / (len(n) - n["territoryId"].nunique()))


@pytest.mark.parametrize("latent, statistic, present, absent", [
    ("rep_skill", win_dispersion, 1.8, 1.3),                      # seed 7: 2.83 / 0.74
    ("lead_quality", bant_correlation, 0.1, 0.05),                # 0.19 / -0.01
    ("discount_habit", breach_dispersion, 4.5, 3.2),             # 7.3 / 2.1
    ("account_potential", opportunities_per_account, 1.25, 1.1),  # 1.36 / 0.97
    ("territory_coverage", leads_within_territory, 5.0, 2.5),     # 30 / 1.5
])
def test_sales_signature_present_and_gone_under_ablation(latent, statistic, present, absent, b2b, b2b_ablated):
    assert statistic(b2b) > present
    assert statistic(b2b_ablated) < absent
