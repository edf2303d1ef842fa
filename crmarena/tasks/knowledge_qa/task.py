"""Knowledge QA (KQA), customer-facing agent persona: a customer's question that a knowledge article
answers; the gold answer is the article's short answer plus its accepted alternative spellings
(e.g. "30 days", "thirty days"), scored by token F1 against the best of them (``fuzzy_match``).

Every article the simulator writes (company policies, help articles and product category guides,
``crmarena.simulator.knowledge``) carries facts: a customer question in several phrasings, a short
answer its body states verbatim, in the sentence about what the question asks, and alternative
spellings. The gold Cypher returns the accepted answers only when the org's article (found by id)
states the short answer verbatim in its body — so the gold is readable from the store, never only
from the generator's data. ``answer`` lists the short answer first.

Curation: each instance is a different fact, in one of its phrasings, with a customer opener
(``words.leads``): a draft picks an article uniformly, then one of its facts (a fact drafted before is
skipped), so articles with few facts are asked about as often as the others. At most 20 % of the
instances share one answer; no None instances. A task file holds at most one instance per fact, so
``--per-task`` above the org's fact count (140) falls short.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crmarena.queries.model import NONE_ANSWER
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import pick
from crmarena.queries.task import Draft, Intent, Task


def knowledge_items(org: OrgData) -> list[list[dict[str, Any]]]:
    """Per article of the org (table order, articles with facts only), its facts as
    ``{articleId, fact, question phrasings, shortAnswer, accepted}``."""
    if "knowledge" not in org.cache:
        from crmarena.simulator.knowledge import articles

        by_title = {a.title: a for a in articles()}
        table = org.table("KnowledgeArticle")
        org.cache["knowledge"] = [
            [{"articleId": i, "fact": f.key, "questions": list(f.questions), "shortAnswer": f.short_answer,
              "accepted": list(f.accepted)} for f in by_title[t].facts]
            for i, t in zip(table["id"], table["title"]) if t in by_title and by_title[t].facts]
    return org.cache["knowledge"]


class KnowledgeQA(Task):
    name = "knowledge_qa"
    persona = "agent"
    reward_metric = "fuzzy_match"
    none_share = 0.0
    answer_type = "free text"
    cypher = """
MATCH (k:KnowledgeArticle {id: $articleId})
WHERE k.faqAnswer CONTAINS $shortAnswer
UNWIND $accepted AS answer
RETURN answer, answer = $shortAnswer AS short"""

    def answer(self, rows: list[dict[str, Any]]) -> list[str]:
        """The short answer first, then the other accepted spellings (sorted); ``["None"]`` if none."""
        values = super().answer(rows)
        short = sorted({str(r["answer"]) for r in rows if r.get("short") and r.get("answer") is not None})
        return values if values == [NONE_ANSWER] else short + [v for v in values if v not in short]

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return answer[0] == draft.params["shortAnswer"]

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        per_article = knowledge_items(org)
        if not per_article:
            return None
        item = pick(rng, pick(rng, per_article))
        leads = self.phrases.words["leads"]
        question = pick(rng, item["questions"])
        return Draft(params={"articleId": item["articleId"], "shortAnswer": item["shortAnswer"],
                             "accepted": item["accepted"]},
                     slots={"question": question, "lead": pick(rng, leads)}, intent=intent,
                     key=f"{item['articleId']}#{item['fact']}", info={"question": question, "fact": item["fact"]})
