"""On a real Neo4j 5: the same gold answers as the embedded store (differential), and plans that seek
the schema's indexes."""

from __future__ import annotations

import pytest

from crmarena.tasks.registry import get_task, suite_names
from tests.neo4j_stores import neo4j_store_holding

pytestmark = pytest.mark.neo4j

# The indexes a template's plan may seek: its indexed filters (the planner picks by statistics).
EXPECTED_SEEK = {
    "case_routing": ("Case(createdDate)",), "handle_time": ("Case(createdDate)", "CaseHistory(field)"),
    "transfer_count": ("Case(createdDate)", "CaseHistory(field)"),
    "named_entity_disambiguation": ("Contact(id)", "Order(effectiveDate)"),
    "policy_violation_identification": ("Case(id)",), "knowledge_qa": ("KnowledgeArticle(id)",),
    "top_issue_identification": ("Product(id)",), "monthly_trend_analysis": ("Product(id)",),
    "best_region_identification": ("Case(createdDate)", "Case(status)"),
}
SEEKS = ("NodeIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeek", "NodeUniqueIndexSeekByRange",
         "MultiNodeIndexSeek")


@pytest.fixture(scope="module")
def neo4j_store(default_org, neo4j_settings):
    with neo4j_store_holding(default_org, neo4j_settings) as store:
        yield store


@pytest.fixture(scope="module")
def drafts(default_org, default_store):
    """The curated drafts of the default tasks (130 per task, seed 0) with their embedded gold answers."""
    from crmarena.queries.runner import curate_tasks

    return {b.task.name: (b.task, b.kept) for b in curate_tasks(default_org, default_store, per_task=130, seed=0)}


def test_gold_answers_are_identical_on_neo4j_and_embedded(drafts, neo4j_store):
    differ = []
    for name, (task, kept) in drafts.items():
        assert kept, name
        for c in kept:
            got = task.gold(neo4j_store, c.draft)
            if got != c.answer:
                differ.append((name, c.draft.params, c.answer, got))
    assert not differ, differ[:3]


def _operators(plan) -> list[tuple[str, str]]:
    out = [(plan["operatorType"].split("@")[0], str(plan.get("args", {}).get("Details", "")))]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


@pytest.mark.parametrize("name", suite_names("service"))
def test_templates_seek_the_schema_indexes(name, drafts, neo4j_store, neo4j_driver, neo4j_settings):
    task = get_task(name)
    _, kept = drafts[name]
    params = kept[0].draft.params
    with neo4j_driver.session(database=neo4j_settings.database) as s:
        # replan=force: a plan cached while the server held a smaller org (another test's) is not reused
        summary = s.run("CYPHER replan=force EXPLAIN " + task.cypher, params).consume()
    ops = _operators(summary.plan)
    seeks = [(op, d) for op, d in ops if op in SEEKS]
    assert seeks, f"{name}: no index seek in the plan {[op for op, _ in ops]}"
    assert any(want in d for _, d in seeks for want in EXPECTED_SEEK[name]), \
        f"{name}: seeks {seeks}, want one of {EXPECTED_SEEK[name]}"
    scans = [op for op, _ in ops if op in ("AllNodesScan", "NodeByLabelScan")]
    # A label scan is acceptable only over the small catalogue labels (User, Issue, KnowledgeArticle).
    big = [d for op, d in ops if op in scans and any(lbl in d for lbl in (":Case", ":CaseHistory", ":Order", ":EmailMessage"))]
    assert not big, f"{name}: scans a large label instead of seeking an index: {big}"


def test_bench_tasks_times_the_configured_server_holding_the_org(default_org, neo4j_store):
    from crmarena.queries.bench import run_bench

    timings, facts = run_bench(str(default_org), 0, per_task=2, seed=3, passes=1, log=lambda m: None)
    neo = timings[1]
    assert neo.backend == "neo4j" and neo.instances == 18 and neo.differ == 0 and neo.seconds > 0
    assert neo.note.startswith("configured server") and "neo4j_load_s" not in facts


@pytest.mark.slow
def test_bench_tasks_never_replaces_the_configured_servers_org(default_org, neo4j_store, tmp_path):
    """Another org is timed on a private throwaway server; the configured server keeps its graph."""
    from crmarena.queries.bench import run_bench
    from crmarena.fingerprint import org_fingerprint
    from tests.queries.cli import simulate

    other = simulate(tmp_path / "other", "--seed", "8")
    messages: list[str] = []
    timings, facts = run_bench(str(other), 0, per_task=2, seed=3, passes=1, log=messages.append)
    neo = timings[1]
    assert neo.instances == 18 and neo.differ == 0 and neo.note.startswith("private server"), neo.note
    assert facts["neo4j_load_s"] > 0 and any("the configured Neo4j server holds" in m for m in messages)
    assert neo4j_store.org_fingerprint() == org_fingerprint(default_org)   # still the default org, untouched
    assert org_fingerprint(other) != org_fingerprint(default_org)
