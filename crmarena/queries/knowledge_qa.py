"""Knowledge QA (KQA), customer-facing agent persona: a customer's question that a knowledge article
answers; the gold answer is the article's short answer, scored by token F1 (``fuzzy_match``).

Every article the simulator writes (company policies and product FAQs, ``crmarena.simulator.knowledge``)
carries the customer question it answers and its short answer. The gold Cypher returns the short
answer only when the org's article (found by id) states it verbatim in its answer or summary — so the
gold is readable from the store, never only from the generator's data.

Curation: every article of the org, each with several customer framings (``words.leads``); at most
20 % of the instances share one answer; no None instances.
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import pick
from crmarena.queries.task import Draft, Intent, Task


def knowledge_items(org: OrgData) -> list[dict[str, str]]:
    """``[{articleId, question, shortAnswer}]`` for the org's articles, in table order."""
    if "knowledge" not in org.cache:
        from crmarena.simulator.knowledge import articles

        by_title = {a.title: a for a in articles()}
        table = org.table("KnowledgeArticle")
        org.cache["knowledge"] = [{"articleId": i, "question": by_title[t].question, "shortAnswer": by_title[t].short_answer}
                                  for i, t in zip(table["id"], table["title"]) if t in by_title]
    return org.cache["knowledge"]


class KnowledgeQA(Task):
    name = "knowledge_qa"
    persona = "agent"
    reward_metric = "fuzzy_match"
    none_share = 0.0
    answer_type = "free text"
    cypher = """
MATCH (k:KnowledgeArticle {id: $articleId})
WHERE k.faqAnswer CONTAINS $shortAnswer OR k.summary CONTAINS $shortAnswer
RETURN $shortAnswer AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        items = knowledge_items(org)
        if not items:
            return None
        item = pick(rng, items)
        leads = self.phrases.words["leads"]
        lead_index = int(rng.integers(len(leads)))
        question = item["question"]
        return Draft(params={"articleId": item["articleId"], "shortAnswer": item["shortAnswer"]},
                     slots={"question": question, "lead": leads[lead_index]}, intent=intent,
                     key=f"{item['articleId']}#{lead_index}", info={"question": question})
