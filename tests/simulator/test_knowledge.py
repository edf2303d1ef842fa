"""The knowledge base: articles in table order, every fact fair (its answer stated in the sentence
about what its question asks, question words that fit the answer), natural product wording, and
the checks rejecting hand-made unfair facts such as the old delivery-vs-dispatch FAQ."""

from __future__ import annotations

import re

import pytest

from crmarena.errors import CrmarenaError
from crmarena.simulator.config import data
from crmarena.simulator.knowledge import Article, Fact, _article, articles
from crmarena.simulator.knowledge_check import check_articles, fact_problems, sentences, shape_problem


def guide(body: str, *facts: Fact) -> Article:
    return Article("Running Shoes: Delivery", body, "s", "u", "guide", "k", tuple(facts), "Running Shoes")


def fact(questions, short, cue, also=()) -> Fact:
    return Fact("k/1", tuple(questions), short, cue, tuple(also))


def test_policies_come_first_in_their_order_then_help_then_guides():
    arts = articles()
    policies = data("policies")["policies"]
    assert [a.title for a in arts[:len(policies)]] == [p["title"] for p in policies]   # PVI: policy k = row k
    assert all(a.kind == "policy" for a in arts[:len(policies)])
    kinds = [a.kind for a in arts[len(policies):]]
    assert kinds == sorted(kinds, key=lambda k: k != "help") and set(kinds) == {"help", "guide"}


def test_policy_bodies_keep_the_numbers_their_breaches_cross():
    """The breach ranges of policy_violation_identification sit on the wrong side of the article's limit."""
    body = {a.key: a.answer for a in articles() if a.kind == "policy"}
    for key, limit in [("refund_window", "30 days"), ("store_credit_cap", "$50"), ("cancellation_window", "24 hours"),
                       ("loyalty_tiers", "$2,500"), ("price_match", "14 days"), ("warranty_period", "12 months"),
                       ("shipping_fee_refund", "more than 3 business days"), ("final_sale", "40% or more"),
                       ("replacement_limit", "one free replacement")]:
        assert limit in body[key], key


def test_the_knowledge_base_is_fair_and_large_enough():
    arts = articles()
    assert check_articles(arts) == []
    facts = [f for a in arts for f in a.facts]
    assert len(facts) >= 130 and all(len(a.facts) >= 2 for a in arts)
    assert len({f.key for f in facts}) == len(facts)
    for a in arts:
        for f in a.facts:
            assert f.short_answer in a.answer and len(f.questions) >= 2
            stating = [s for s in sentences(a.answer) if f.short_answer in s]
            assert any(f.cue.lower() in s.lower() for s in stating) and all(f.cue.lower() in q.lower()
                                                                          for q in f.questions)


def test_every_category_has_guides_that_name_its_products():
    """Natural product wording: a guide's questions name the products ("yoga mat", "bike light") or a
    plural/compound category name ("running shoes", "camping gear"), never a bare activity ("yoga")."""
    arts = articles()
    for c in data("catalogue")["categories"]:
        guides = [a for a in arts if a.category == c["name"]]
        assert len(guides) >= 2, c["name"]
        names = [n.lower() for n in c["nouns"]]
        if len(c["name"].split()) > 1 or c["name"].endswith("s"):
            names.append(c["name"].lower())
        heads = {n.split()[-1] for n in names} | {n.split()[0] for n in names if len(n.split()) > 1
                                                  and n.split()[0] != c["name"].lower()}
        for q in (q for a in guides for f in a.facts for q in f.questions):
            words = set(re.findall(r"[a-z]+", q.lower()))
            words |= {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}
            assert words & heads, (c["name"], q)
            bare = re.search(rf"\b{c['name'].lower()}\b(?!\s+[a-z])", q.lower())
            assert not bare or c["name"].lower() in names, (c["name"], q)


def test_the_old_delivery_faq_is_rejected():
    """Asked how long delivery takes, answered with the dispatch time: the answer's sentence is not
    about delivery."""
    a = guide("Running shoes ship from our Ohio warehouse within 1 business day. Ground delivery takes 1 to 5 "
              "business days.", fact(["How long does delivery of running shoes take?"], "within 1 business day",
                                     "deliver"))
    problems = fact_problems(a, a.facts[0])
    assert len(problems) == 1 and "mentions the cue 'deliver'" in problems[0]
    fixed = guide(a.answer, fact(["How long does ground delivery of running shoes take?"], "1 to 5 business days",
                                 "deliver"))
    assert fact_problems(fixed, fixed.facts[0]) == []


@pytest.mark.parametrize("questions, short, cue, body, expected", [
    (["How long is the warranty?"], "24 months", "warranty", "The warranty lasts 12 months.", "does not state"),
    (["How long does it last?"], "12 months", "warranty", "The warranty lasts 12 months.", "does not mention the cue"),
    (["How long is the warranty"], "12 months", "warranty", "The warranty lasts 12 months.", "end with '?'"),
    (["How many days is the warranty?"], "12 months", "warranty", "The warranty lasts 12 months.", "not in days"),
    (["How often should the warranty be renewed?"], "12 months", "warranty", "The warranty lasts 12 months.",
     "no frequency"),
    (["How long is the warranty?"], "the receipt", "warranty", "The warranty needs the receipt.", "neither a time"),
    (["How much does the warranty cost?"], "the receipt", "warranty", "The warranty needs the receipt.",
     "an amount"),
    (["How many warranty claims can I make?"], "the receipt", "warranty", "The warranty needs the receipt.",
     "no number"),
    (["How soon does the warranty start?"], "the delivery date", "warranty",
     "The warranty starts on the delivery date.", "no time"),
    (["How long is the warranty?", "How long is the warranty?"], "12 months", "warranty",
     "The warranty lasts 12 months.", "repeats a phrasing"),
])
def test_unfair_facts_are_reported(questions, short, cue, body, expected):
    a = guide(body, fact(questions, short, cue))
    problems = fact_problems(a, a.facts[0])
    assert problems and expected in " ".join(problems), problems


def test_question_words_that_fit_their_answers_pass():
    for q, short in [("How many business days does express delivery take?", "within 2 business days"),
                     ("How many free replacements can be sent?", "one"), ("How long is a yoga strap?", "8 feet"),
                     ("How often should a tent be seam sealed?", "once a year"),
                     ("How much does express shipping cost?", "$14.95"),
                     ("How much does return shipping cost?", "free"),
                     ("How many pairs are in a pack?", "3 pairs"), ("When do gift cards expire?", "never")]:
        assert shape_problem(q, short) is None, q


def test_repeated_answers_titles_and_questions_across_articles_are_reported():
    one = fact(["How long is the warranty?"], "12 months", "warranty", also=["12 Months"])
    a = guide("The warranty lasts 12 months.", one)
    assert any("repeats an accepted answer" in p for p in check_articles([a]))
    twice = guide("The warranty lasts 12 months.", fact(["How long is the warranty?"], "12 months", "warranty"),
                  Fact("k/2", ("What is the warranty period?",), "12 months", "warranty", ()))
    problems = check_articles([twice, twice])
    assert any("two articles are titled" in p for p in problems)
    assert any("two facts answer '12 months'" in p for p in problems)
    assert any("is asked by" in p for p in problems)


def test_bad_article_data_is_one_clear_error():
    cats = {"Running Shoes"}
    good = {"title": "T", "body": "The warranty lasts 12 months.", "summary": "s",
            "facts": [{"ask": ["How long is the warranty?"], "cue": "warranty", "short": "12 months"}]}
    assert _article(good, "help", "t", "body", cats).facts[0].accepted == ("12 months",)
    with pytest.raises(CrmarenaError, match="unknown product category 'Yoga'"):
        _article({**good, "category": "Yoga"}, "guide", "t", "body", cats)
    with pytest.raises(CrmarenaError, match="needs facts"):
        _article({**good, "facts": []}, "help", "t", "body", cats)
    with pytest.raises(CrmarenaError, match="fact 1 short: Field required"):
        _article({**good, "facts": [{"ask": ["How long?"], "cue": "warranty"}]}, "help", "t", "body", cats)
