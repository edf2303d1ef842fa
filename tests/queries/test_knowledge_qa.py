"""Knowledge QA on the default org (``simulate --seed 7``, 130 instances, seed 0): distinct questions
and facts, gold stated verbatim in its article with the accepted spellings, every question answered
by the sentence about what it asks; the gold Cypher refuses an answer the article does not state."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from crmarena.tasks.knowledge_qa.task import KnowledgeQA, knowledge_items
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft
from crmarena.simulator.knowledge import articles
from crmarena.simulator.knowledge_check import fact_problems, sentences

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kqa(default_tasks):
    return [r for r in default_tasks[0] if r.task == "knowledge_qa"]


@pytest.fixture(scope="module")
def bodies(default_org):
    table = pd.read_parquet(default_org / "KnowledgeArticle.parquet")
    return dict(zip(table["id"], table["faqAnswer"]))


def test_130_distinct_questions_on_distinct_facts_covering_every_article(kqa, bodies):
    assert len(kqa) == 130
    questions = {r.parameters["question"].lower() for r in kqa}      # the question without its opener
    assert len(questions) == 130
    assert len({r.parameters["fact"] for r in kqa}) == 130
    assert len({(r.parameters["articleId"], tuple(r.answer)) for r in kqa}) >= 90   # the acceptance bar
    assert set(Counter(r.parameters["articleId"] for r in kqa)) == set(bodies)    # no article left unused
    assert Counter(tuple(r.answer) for r in kqa).most_common(1)[0][1] <= 26


def test_gold_is_the_articles_short_answer_then_its_accepted_spellings(kqa, bodies):
    facts = {f.key: f for a in articles() for f in a.facts}
    for r in kqa:
        f = facts[r.parameters["fact"]]
        assert r.answer[0] == r.parameters["shortAnswer"] == f.short_answer
        assert r.answer[0] in bodies[r.parameters["articleId"]]
        assert r.answer == [f.short_answer] + sorted(f.alternatives)
        assert r.parameters["question"] in f.questions and r.parameters["question"] in r.query


def test_every_question_asks_what_its_answer_sentence_says(kqa):
    """No delivery-vs-dispatch mismatch: each instance's fact passes the fairness checks, and each
    instance's question shares its fact's cue with the sentence that states the answer."""
    by_key = {f.key: (a, f) for a in articles() for f in a.facts}
    for r in kqa:
        a, f = by_key[r.parameters["fact"]]
        assert fact_problems(a, f) == [], r.idx
        assert f.cue.lower() in r.parameters["question"].lower()
        if "deliver" in r.parameters["question"].lower():
            assert any(f.short_answer in s and "deliver" in s.lower() for s in sentences(a.answer)), r.idx


def test_the_gold_cypher_refuses_an_answer_the_article_does_not_state(default_org, default_store, bodies):
    task = KnowledgeQA()
    item = knowledge_items(OrgData(default_org))[0][0]
    draft = Draft(params={"articleId": item["articleId"], "shortAnswer": item["shortAnswer"],
                          "accepted": item["accepted"]}, slots={}, intent="answerable")
    assert task.gold(default_store, draft) == [item["shortAnswer"]] + sorted(item["accepted"][1:])
    wrong = Draft(params={**draft.params, "shortAnswer": "90 days", "accepted": ["90 days", "ninety days"]},
                  slots={}, intent="answerable")
    assert task.gold(default_store, wrong) == ["None"]
    other = next(i for i, body in bodies.items() if item["shortAnswer"] not in body)
    elsewhere = Draft(params={**draft.params, "articleId": other}, slots={}, intent="answerable")
    assert task.gold(default_store, elsewhere) == ["None"]                   # stated, but in another article


def test_answer_puts_the_short_answer_first():
    rows = [{"answer": "thirty days", "short": False}, {"answer": "30 days", "short": True},
            {"answer": "30 days of delivery", "short": False}]
    assert KnowledgeQA().answer(rows) == ["30 days", "30 days of delivery", "thirty days"]
    assert KnowledgeQA().answer([]) == ["None"]
