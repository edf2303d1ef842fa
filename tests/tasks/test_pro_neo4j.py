"""On a real Neo4j 5: every CRMArena-Pro family's gold answers on the seed-7 b2b org are the same as the
embedded store's (a differential over the curated instances; the Cypher is the same portable text)."""

from __future__ import annotations

import pytest

from crmarena.tasks.registry import suite_names
from tests.neo4j_stores import neo4j_store_holding

pytestmark = pytest.mark.neo4j

# the families CRMArena-Pro adds to the service suite (the service ones have their own differential)
PRO = [n for n in suite_names("pro", "b2b") if n not in suite_names("service")]


@pytest.fixture(scope="module")
def neo4j_store(b2b, neo4j_settings):
    with neo4j_store_holding(b2b, neo4j_settings) as store:
        yield store


@pytest.fixture(scope="module")
def drafts(b2b, store):
    """20 curated drafts per Pro family (seed 0) with their embedded gold answers."""
    from crmarena.queries.runner import curate_tasks

    return {b.task.name: (b.task, b.kept) for b in curate_tasks(b2b, store, per_task=20, names=PRO, seed=0)}


def test_the_pro_suite_is_the_thirteen_pro_families():
    assert len(PRO) == 13 and "lead_routing" in PRO and "private_customer_information" in PRO


def test_neo4j_holds_the_b2b_org(b2b, neo4j_store):
    from crmarena.fingerprint import org_fingerprint

    assert neo4j_store.org_fingerprint() == org_fingerprint(b2b)


@pytest.mark.parametrize("name", PRO)
def test_pro_gold_answers_are_identical_on_neo4j_and_embedded(name, drafts, neo4j_store):
    task, kept = drafts[name]
    assert len(kept) >= 10, (name, len(kept))   # a small quota may fall short of 20
    differ = [(c.draft.params, c.answer, got) for c in kept
              if (got := task.gold(neo4j_store, c.draft)) != c.answer]
    assert not differ, f"{len(differ)} of {len(kept)} differ, e.g. {differ[:2]}"
