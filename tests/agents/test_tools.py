"""The tools against the real embedded store, checked with independent pandas computations on the Parquet."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from crmarena.agents.tools import task_functions, toolset, tools_by_name
from crmarena.agents.tools.runtime import call_tool, render

T = tools_by_name("flex")
START, STOP = "2022-01-01T00:00:00Z", "2023-07-01T00:00:00Z"


def ok(store, name, **args):
    obs = call_tool(T[name], args, store)
    assert obs.ok, obs.text
    return obs


def table(org_dir, label) -> pd.DataFrame:
    return pd.read_parquet(org_dir / f"{label}.parquet")


def utc(s: str) -> pd.Timestamp:
    return pd.Timestamp(datetime.fromisoformat(s.replace("Z", "+00:00")))


@pytest.fixture(scope="module")
def frames(org_dir):
    cases = table(org_dir, "Case")
    hist = table(org_dir, "CaseHistory")
    window = cases[(cases["createdDate"] >= utc(START)) & (cases["createdDate"] < utc(STOP))]
    assign = hist[hist["field"] == "Owner Assignment"][["caseId", "oldOwnerId", "newOwnerId"]].merge(
        cases[["id", "createdDate"]].rename(columns={"id": "caseId"}), on="caseId")
    assign = assign[(assign["createdDate"] >= utc(START)) & (assign["createdDate"] < utc(STOP))]
    return {"cases": cases, "window": window, "assign": assign}


def test_the_model_never_sees_the_injected_env():
    for t in toolset("flex"):
        assert "env" not in t.tool_call_schema.model_json_schema().get("properties", {}), t.name
        assert t.description, t.name
    assert len(task_functions()) >= 22
    assert T["respond"].return_direct and not T["get_cases"].return_direct


def test_schemas_convert_to_provider_function_specs():
    from langchain_core.utils.function_calling import convert_to_openai_tool

    for t in toolset("flex"):
        spec = convert_to_openai_tool(t)["function"]
        assert spec["name"] == t.name and "env" not in spec["parameters"].get("properties", {})
        documented = spec["parameters"].get("properties", {})
        assert all(v.get("description") or v.get("$ref") or v.get("items") for v in documented.values()), t.name


def test_get_cases_filters_like_pandas(store, frames):
    window = frames["window"]
    got = ok(store, "get_cases", start_date=START, end_date=STOP, statuses=["Closed"]).value
    want = window[window["status"] == "Closed"]
    assert sorted(c.id for c in got) == sorted(want["id"])
    owners = dict(zip(want["id"], want["ownerId"]))
    assert all(c.ownerId == owners[c.id] for c in got)
    agent = want["ownerId"].dropna().iloc[0]
    mine = ok(store, "get_cases", agent_ids=[agent]).value
    assert sorted(c.id for c in mine) == sorted(frames["cases"].loc[frames["cases"]["ownerId"] == agent, "id"])


def test_history_counts_like_pandas(store, frames):
    a = frames["assign"]
    handled = ok(store, "get_agent_handled_cases_by_period", start_date=START, end_date=STOP).value
    assert handled == a.groupby("newOwnerId")["caseId"].nunique().to_dict()
    transfers = a.dropna(subset=["oldOwnerId"]).groupby("oldOwnerId").size().to_dict()
    got = ok(store, "get_agent_transferred_cases_by_period", start_date=START, end_date=STOP).value
    assert got == transfers
    someone = sorted(handled)[:3] + ["005NOBODY000000"]
    got = ok(store, "get_agent_transferred_cases_by_period", start_date=START, end_date=STOP,
             qualified_agent_ids=someone).value
    assert got == {x: transfers.get(x, 0) for x in someone}          # qualified agents listed with 0
    single = ok(store, "get_non_transferred_case_ids", start_date=START, end_date=STOP).value
    per_case = a.groupby("caseId").size()
    assert single == sorted(per_case[per_case == 1].index)


def test_calculations_chain_on_tool_output(store, frames):
    """The model passes tool output (JSON text) back: the chain BRI uses, checked against pandas."""
    as_json = lambda obs: json.loads(render(obs.value, max_chars=10**9))   # noqa: E731 — the uncut observation
    cases = as_json(ok(store, "get_cases", start_date=START, end_date=STOP, statuses=["Closed"]))
    located = as_json(ok(store, "get_shipping_state", cases=cases))
    times = ok(store, "calculate_region_average_closure_times", cases=located).value
    w = frames["window"]
    w = w[w["status"] == "Closed"].merge(table_from(store), left_on="accountId", right_on="aid")
    w = w.dropna(subset=["shippingState", "closedDate"])
    want = ((w["closedDate"] - w["createdDate"]).dt.total_seconds()).groupby(w["shippingState"]).mean()
    assert times == pytest.approx(want.to_dict())
    best = ok(store, "find_id_with_min_value", values_by_id=times).value
    assert best == sorted(want[want == want.min()].index)


def table_from(store) -> pd.DataFrame:
    rows = store.run("MATCH (a:Account) RETURN a.id AS aid, a.shippingState AS shippingState")
    return pd.DataFrame(rows)


def test_products_orders_and_issues(store, org_dir):
    items = table(org_dir, "OrderItem")
    cases = table(org_dir, "Case")
    product = cases.merge(items, left_on="orderItemId", right_on="id")["productId"].value_counts().index[0]
    oi = ok(store, "get_order_item_ids_by_product", product_id=product).value
    assert oi == sorted(items.loc[items["productId"] == product, "id"])
    counts = ok(store, "get_issue_counts", start_date="2000-01-01", end_date="2100-01-01", order_item_ids=oi).value
    want = cases[cases["orderItemId"].isin(oi)].groupby("issueId").size().to_dict()
    assert counts == want
    issues = ok(store, "get_issues").value
    assert sorted(i["id"] for i in issues) == sorted(table(org_dir, "Issue")["id"])


def test_contacts_and_purchases(store, org_dir):
    contacts, orders, items = table(org_dir, "Contact"), table(org_dir, "Order"), table(org_dir, "OrderItem")
    act = orders[orders["status"] == "Activated"].iloc[0]
    contact = contacts[contacts["accountId"] == act["accountId"]].iloc[0]
    assert ok(store, "get_account_id_by_contact_id", contact_id=contact["id"]).value == act["accountId"]
    assert ok(store, "get_account_id_by_contact_id", contact_id="003NOBODY000000").value is None
    day = pd.Timestamp(act["effectiveDate"]).date().isoformat()
    bought = ok(store, "get_purchase_history", account_id=act["accountId"], purchase_date=day).value
    same_day = orders[(orders["accountId"] == act["accountId"]) & (orders["status"] == "Activated")
                      & (pd.to_datetime(orders["effectiveDate"]).dt.date.astype(str) == day)]
    want = items[items["orderId"].isin(same_day["id"])]
    assert sorted(r["orderItemId"] for r in bought) == sorted(want["id"])
    one = want["productId"].iloc[0]
    only = ok(store, "get_purchase_history", account_id=act["accountId"], purchase_date=day + "T00:00:00Z",
              related_product_ids=[one]).value
    assert {r["productId"] for r in only} == {one}


def test_messages_and_search(store, org_dir):
    emails = table(org_dir, "EmailMessage")
    case = emails["caseId"].value_counts().index[0]
    got = ok(store, "get_email_messages_by_case_id", case_id=case).value
    assert sorted(e["id"] for e in got) == sorted(emails.loc[emails["caseId"] == case, "id"])
    chats = table(org_dir, "LiveChatTranscript")
    ccase = chats["caseId"].dropna().iloc[0]
    got = ok(store, "get_livechat_transcript_by_case_id", case_id=ccase).value
    assert sorted(t["id"] for t in got) == sorted(chats.loc[chats["caseId"] == ccase, "id"])
    article = table(org_dir, "KnowledgeArticle").iloc[0]
    hits = ok(store, "search_knowledge_articles", search_term=article["title"]).value
    assert article["id"] in [h["id"] for h in hits]
    product = table(org_dir, "Product").iloc[0]
    assert product["id"] in [h["id"] for h in ok(store, "search_products", search_term=product["name"]).value]
    both = ok(store, "search", text=article["title"]).value
    assert {h["index"] for h in both} <= {"knowledge_text", "product_text"} and both


@pytest.mark.parametrize("name,args,needle", [
    ("get_cases", {}, "at least one filter"),
    ("get_cases", {"start_date": "last tuesday"}, "not an ISO date"),
    ("get_agent_handled_cases_by_period", {"start_date": STOP, "end_date": START}, "not after"),
    ("get_period", {"period_name": "Smarch", "year": 2023}, "unknown period"),
    ("get_period", {"period_name": "Q1"}, "year"),
    ("get_start_date", {"end_date": STOP, "period": "fortnight", "interval_count": 2}, "period"),
    ("run_cypher", {"query": "MATCH (n) DETACH DELETE n"}, "refused"),
    ("run_cypher", {"query": "MATCH (a:Case), (b:Case) RETURN a.id, b.id"}, "more than"),
    ("run_cypher", {"query": "MATCH (c:Case RETURN c"}, "Error"),
    ("search", {"text": "refund", "index": "orders"}, "index"),
    ("calculate_average_handle_time", {"cases": "all of them"}, "cases"),
    ("get_cases", {"case_ids": ["x"], "env": None}, "env"),
])
def test_tool_errors_become_observations(store, name, args, needle):
    obs = call_tool(T[name], args, store)
    assert not obs.ok
    assert obs.text.startswith("Error: ") and needle.lower() in obs.text.lower(), obs.text


def test_unknown_tool_and_bad_arguments_never_raise(store):
    assert call_tool(None, {}, store, name="drop_database").text == "Error: unknown tool 'drop_database'"
    assert call_tool(T["get_cases"], ["not", "a", "dict"], store).text.startswith("Error: arguments")
    count = store.run("MATCH (c:Case) RETURN count(c) AS n")[0]["n"]
    assert ok(store, "run_cypher", query="MATCH (c:Case) RETURN count(c) AS n").value == [{"n": count}]


def test_long_observations_are_cut(store):
    obs = ok(store, "run_cypher", query="MATCH (e:EmailMessage) RETURN e.textBody AS body LIMIT 2000")
    from crmarena.agents.config import default_settings

    limit = default_settings().observation_max_chars
    assert len(obs.text) <= limit + 200
    if len(json.dumps(obs.value)) > limit:
        assert "[cut:" in obs.text


def test_the_runs_settings_reach_every_tool_call(store, frames):
    """A per-run override of the row cap, search size and observation size reaches the tools (no global read)."""
    from crmarena.agents.config import default_settings

    wide = {"start_date": START, "end_date": STOP}
    assert len(frames["window"]) > 3
    capped = default_settings().model_copy(update={"tool_max_rows": 3})
    obs = call_tool(T["get_cases"], wide, store, settings=capped)
    assert not obs.ok and "more than" in obs.text.lower()
    assert call_tool(T["get_cases"], wide, store).ok                       # the defaults: no cap hit
    narrow = default_settings().model_copy(update={"search_limit": 1})
    assert len(call_tool(T["search_knowledge_articles"], {"search_term": "refund"}, store, settings=narrow).value) == 1
    assert len(call_tool(T["search"], {"text": "refund", "index": "knowledge_text"}, store, settings=narrow).value) == 1
    short = default_settings().model_copy(update={"observation_max_chars": 100})
    cut = call_tool(T["get_cases"], wide, store, settings=short)
    assert cut.ok and "[cut:" in cut.text and len(cut.text) < 200
    rows = default_settings().model_copy(update={"max_rows": 2})
    many = call_tool(T["run_cypher"], {"query": "MATCH (c:Case) RETURN c.id AS id"}, store, settings=rows)
    assert not many.ok and "more than" in many.text.lower()
