"""Transfer count understanding (TCU), manager persona: the agent with the most or fewest transfers in
a window, among agents who managed at least N cases there.

Gold rule: cases created in the window; managed = distinct cases with an Owner Assignment naming the
agent as new owner; qualified agents managed ``>= $threshold`` cases; a transfer is an Owner
Assignment with an old owner and counts for that old owner; qualified agents without transfers count
0; the answer is every agent at the minimum (``$sign = 1``, fewest) or maximum (``$sign = -1``, most).
Nobody qualified -> ``None`` (false presupposition: a threshold above the busiest agent's count).

Curation: windows of 1–6 months; answerable thresholds leave 3–12 qualified agents; at most 3 tied
answers (so "fewest" instances where many agents never transferred are rejected).
"""

from __future__ import annotations

import numpy as np

from crmarena.queries.cypher import ARGMIN, in_window
from crmarena.queries.handle_time import FAMILY, draw_threshold
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import sample_window
from crmarena.queries.task import Draft, Intent, Task


class TransferCount(Task):
    name = "transfer_count"
    persona = "manager"
    none_share = 0.3
    answer_type = "User id"
    cypher = f"""
MATCH (h:CaseHistory)-[:ON_CASE]->(c:`Case`)
WHERE {in_window('c.createdDate')} AND h.field = 'Owner Assignment'
MATCH (h)-[:NEW_OWNER]->(u:User)
WITH u, count(DISTINCT c) AS managed
WHERE managed >= $threshold
OPTIONAL MATCH (u)<-[:OLD_OWNER]-(t:CaseHistory)-[:ON_CASE]->(tc:`Case`)
WHERE t.field = 'Owner Assignment' AND {in_window('tc.createdDate')}
WITH u.id AS id, $sign * count(t) AS key
{ARGMIN}"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        w = sample_window(rng, FAMILY, org)
        if w is None:
            return None
        threshold = draw_threshold(rng, org, w, intent, strict=False)
        if threshold is None:
            return None
        sign = -1 if rng.random() < 0.6 else 1
        extreme = self.phrases.word("most" if sign == -1 else "fewest", rng)
        return Draft(params={**w.as_params(), "threshold": threshold, "sign": sign},
                     slots={"extreme": extreme, "window": w.phrase, "Window": w.phrase[0].upper() + w.phrase[1:],
                            "threshold": str(threshold), "n_cases": f"{threshold} case{'s' if threshold != 1 else ''}"},
                     intent=intent, context={"window": w.describe()}, band=f"window={w.spec}",
                     info={"window": w.spec, "direction": "max" if sign == -1 else "min"})
