"""Properties of a tiny seeded org: ids, foreign keys, schema, event-log semantics, dates, counts."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from crmarena.graph_schema import load_schema
from crmarena.graph_schema.arrow import arrow_schema, table_file
from crmarena.simulator.config import Sizes, load_config
from crmarena.simulator.ids import checksum_ok


SCHEMA = load_schema()


def table(org, label):
    return pd.read_parquet(org / table_file(label))


@pytest.mark.parametrize("node", SCHEMA.nodes, ids=lambda n: n.label)
def test_exact_arrow_schema_and_ids(tiny_org, node):
    t = pq.read_table(tiny_org / table_file(node.label))
    assert t.schema.equals(arrow_schema(node, "b2c"), check_metadata=False)
    ids = t["id"].to_pylist()
    assert len(ids) > 0 and len(set(ids)) == len(ids)
    assert len({i.lower() for i in ids}) == len(ids)          # case-insensitively unique, like 18-char ids
    assert all(len(i) == 18 and i.startswith(node.id_prefix) and checksum_ok(i) for i in ids)


def test_every_foreign_key_resolves(tiny_org):
    ids = {n.label: set(table(tiny_org, n.label)["id"]) for n in SCHEMA.nodes}
    for node in SCHEMA.nodes:
        t = table(tiny_org, node.label)
        for rel in node.relationships:
            fk = t[rel.column].dropna()
            assert fk.isin(ids[rel.target]).all(), f"{node.label}.{rel.column}"


def test_counts_match_the_config(tiny_org):
    manifest = json.loads((tiny_org / "manifest.json").read_text())
    s = Sizes.of(load_config(), manifest["cases"])
    want = {"Case": s.cases, "Order": s.orders, "OrderItem": s.items, "Account": s.customers,
            "Contact": s.customers, "User": s.agents, "Product": s.products, "Issue": s.issues,
            "ProductCategory": s.categories, "Pricebook": s.pricebooks, "PricebookEntry": s.pricebooks * s.products}
    for label, n in want.items():
        assert len(table(tiny_org, label)) == n, label
    assert manifest["counts"]["Case"] == 300 and manifest["seed"] == 11 and manifest["today"] == "2024-01-01"
    assert set(manifest["counts"]) == {n.label for n in SCHEMA.nodes}


def test_case_links_and_dates(tiny_org):
    cases, items, orders = table(tiny_org, "Case"), table(tiny_org, "OrderItem"), table(tiny_org, "Order")
    m = cases.merge(items, left_on="orderItemId", right_on="id", suffixes=("", "_item")) \
             .merge(orders, left_on="orderId", right_on="id", suffixes=("", "_order"))
    assert len(m) == len(cases)
    assert (m["accountId"] == m["accountId_order"]).all()          # the case is about the customer's own order
    assert (m["status_order"] == "Activated").all()
    assert (m["createdDate"].dt.date >= m["effectiveDate"]).all()
    today = pd.Timestamp("2024-01-01", tz="UTC")
    assert (cases["createdDate"] < today).all()
    closed = cases["closedDate"].notna()
    assert ((cases["status"] == "Closed") == closed).all()
    assert (cases.loc[closed, "closedDate"] > cases.loc[closed, "createdDate"]).all()
    assert (cases.loc[closed, "closedDate"] < today).all()
    assert (~closed).sum() < 0.1 * len(cases)
    if (~closed).any():
        assert cases.loc[~closed, "createdDate"].min() > pd.Timestamp("2023-09-01", tz="UTC")
    assert str(orders["effectiveDate"].min()) >= "2020-01-01"
    assert cases["createdDate"].is_monotonic_increasing             # ids rise with time


def test_event_log_semantics(tiny_org):
    h, cases = table(tiny_org, "CaseHistory"), table(tiny_org, "Case").set_index("id")
    assert h.groupby("caseId")["createdDate"].apply(lambda s: s.is_monotonic_increasing).all()
    first = h.groupby("caseId").head(1)
    assert (first["field"] == "Case Creation").all() and len(first) == len(cases)
    assign = h[h["field"] == "Owner Assignment"]
    a_first = assign.groupby("caseId").head(1)
    assert a_first["oldOwnerId"].isna().all() and a_first["newOwnerId"].notna().all()
    later = assign.drop(a_first.index)
    assert later["oldOwnerId"].notna().all()
    prev_new = assign.groupby("caseId")["newOwnerId"].shift(1)          # a transfer starts at the current owner
    assert (assign["oldOwnerId"].dropna() == prev_new[assign["oldOwnerId"].notna()]).all()
    assert (later["oldOwnerId"] != later["newOwnerId"]).all()
    latest = assign.groupby("caseId")["newOwnerId"].last()
    assert (cases.loc[latest.index, "ownerId"] == latest).all()        # Case.ownerId = latest owner
    closed_rows = h[h["field"] == "Case Closed"].set_index("caseId")["createdDate"]
    done = cases[cases["status"] == "Closed"]
    assert set(closed_rows.index) == set(done.index)
    assert (closed_rows.loc[done.index] == done["closedDate"]).all()
    assert (h.groupby("caseId").tail(1).set_index("caseId").loc[done.index, "field"] == "Case Closed").all()
    creation = h[h["field"] == "Case Creation"].set_index("caseId")["createdDate"]
    assert (creation.loc[cases.index] == cases["createdDate"]).all()
    assert 0.02 < len(later) / len(cases) < 0.4                        # some, not most, cases transferred


def test_text_names_product_and_issue(tiny_org):
    cases, items, prods, issues = (table(tiny_org, x) for x in ("Case", "OrderItem", "Product", "Issue"))
    m = cases.merge(items[["id", "productId"]], left_on="orderItemId", right_on="id", suffixes=("", "_i")) \
             .merge(prods[["id", "name"]], left_on="productId", right_on="id", suffixes=("", "_p")) \
             .merge(issues[["id", "name"]], left_on="issueId", right_on="id", suffixes=("", "_issue"))
    assert all(p in d for p, d in zip(m["name"], m["description"]))
    assert all(p in s for p, s in zip(m["name"], m["subject"]))
    assert prods["name"].is_unique


def test_emails_and_chats_follow_their_case(tiny_org):
    cases = table(tiny_org, "Case").set_index("id")
    e = table(tiny_org, "EmailMessage")
    c = cases.loc[e["caseId"]]
    assert (e["messageDate"].to_numpy() >= c["createdDate"].to_numpy()).all()
    assert (e["messageDate"] < pd.Timestamp("2024-01-01", tz="UTC")).all()
    users, contacts = set(table(tiny_org, "User")["id"]), set(table(tiny_org, "Contact")["id"])
    assert e["toIds"].isin(users | contacts).all()
    agents_mail = set(table(tiny_org, "User")["email"])
    assert (e["fromAddress"].isin(agents_mail) == e["toIds"].isin(contacts)).all()
    chats = table(tiny_org, "LiveChatTranscript")
    assert (cases.loc[chats["caseId"], "origin"] == "Chat").all()
    assert (chats["endTime"].to_numpy() > cases.loc[chats["caseId"], "createdDate"].to_numpy()).all()


def test_violations_are_written_in_the_agents_words(tiny_org):
    lat = pd.read_parquet(tiny_org / "latents" / "cases.parquet")
    ka = table(tiny_org, "KnowledgeArticle").set_index("id")
    v = lat.dropna(subset=["violatedArticleId"])
    assert len(v) > 0 and v["violatedArticleId"].isin(ka.index).all()
    assert (ka.loc[v["violatedArticleId"], "urlName"].str.len() > 0).all()
    emails = table(tiny_org, "EmailMessage").set_index("id")
    chats = table(tiny_org, "LiveChatTranscript").set_index("id")
    users = table(tiny_org, "User").set_index("id")
    import yaml
    from crmarena.simulator.config import data_file

    pol = yaml.safe_load(data_file("policies.yaml").read_text())["policies"]
    stems = {p["title"]: [b.split("{")[0][:12] for b in p["breach"]] for p in pol}
    for _, row in v.iterrows():
        if pd.notna(row["violationEmailId"]):
            text, author_mail = emails.loc[row["violationEmailId"], ["textBody", "fromAddress"]]
            assert author_mail == users.loc[row["violatingAgentId"], "email"]      # the agent wrote it
        else:
            text = chats.loc[row["violationChatId"], "body"]
            assert chats.loc[row["violationChatId"], "ownerId"] == row["violatingAgentId"]
        title = ka.loc[row["violatedArticleId"], "title"]
        assert any(s in text for s in stems[title]), (title, text)
    clean = lat[lat["violatedArticleId"].isna()]
    assert clean["violatingAgentId"].isna().all()


def test_latents_stay_outside_the_graph(tiny_org):
    names = {p.name for p in tiny_org.glob("*.parquet")}
    assert names == {table_file(n.label) for n in SCHEMA.nodes}
    lat = {p.stem for p in (tiny_org / "latents").glob("*.parquet")}
    assert {"agents", "customers", "products", "cases", "states"} <= lat
    agents = pd.read_parquet(tiny_org / "latents" / "agents.parquet")
    assert agents["userId"].isin(table(tiny_org, "User")["id"]).all()
    assert np.isfinite(np.stack(agents["skill"].to_numpy())).all()


def test_every_article_states_its_short_answers(tiny_org):
    """Knowledge QA reads a fact's short answer from the org: the article body must say it verbatim."""
    from crmarena.simulator.knowledge import articles

    written = table(tiny_org, "KnowledgeArticle").set_index("title")
    assert list(written.index) == [a.title for a in articles()]
    for a in articles():
        assert a.facts and all(f.short_answer in written.loc[a.title, "faqAnswer"] for f in a.facts), a.title


def test_every_picklist_value_in_the_org_is_allowed_by_the_schema(tiny_org):
    for node in SCHEMA.nodes:
        for prop in (p for p in node.properties_of("b2c") if p.values):
            seen = set(pq.read_table(tiny_org / table_file(node.label), columns=[prop.name])
                       .column(prop.name).to_pylist()) - {None}
            assert seen and seen <= set(prop.values), (node.label, prop.name, seen - set(prop.values))
