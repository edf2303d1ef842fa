"""Lead routing, sales rep persona: which rep gets a new lead?

The "new lead" is a real lead of the org presented as new (name, company, state) on the day it was
created (the instance's "today"). Gold rule (the Lead Routing Policy article, sales.yaml
``policies.routing.text``): the territory whose description lists the lead's state (", XX," or
" XX." in "States: WA, OR, ..."); among that territory's reps (UserTerritoryAssociation), the one
owning the fewest leads created in the 30 days before the lead's creation day (``[$start, $stop)``,
``$stop`` = that day at 00:00 UTC, so the lead itself and anything later do not count); ties -> the
earliest user Id. Exactly one answer, never None.

Curation: any lead created at least 30 days after the first lead (a full lookback); no rep is the
answer of more than 20 % of the instances (the curation cap).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from crmarena.queries.cypher import in_window
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent, Task
from crmarena.queries.windows import midnight

LOOKBACK_DAYS = 30

# The state as a listed code: after a space, followed by a comma or the closing full stop.
LISTS_STATE = "(t.description CONTAINS (' ' + $state + ',') OR t.description CONTAINS (' ' + $state + '.'))"


class LeadRouting(Task):
    name = "lead_routing"
    persona = "sales rep"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.0
    answer_type = "User id"
    cypher = f"""
MATCH (t:Territory)<-[:IN_TERRITORY]-(:UserTerritoryAssociation)-[:FOR_USER]->(u:User)
WHERE {LISTS_STATE}
WITH DISTINCT u
OPTIONAL MATCH (u)<-[:OWNED_BY]-(l:Lead)
WHERE {in_window('l.createdDate')}
WITH u.id AS id, count(l) AS leads
ORDER BY leads, id
LIMIT 1
RETURN id AS answer"""

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        leads = org.table("Lead")
        row = leads.iloc[int(rng.integers(len(leads)))]
        day = row["createdDate"].tz_convert("UTC").date()
        first = leads["createdDate"].min().tz_convert("UTC").date()
        if (day - first).days < LOOKBACK_DAYS or not isinstance(row["state"], str):
            return None
        stop = midnight(day)
        name = f"{row['firstName']} {row['lastName']}"
        return Draft(params={"state": row["state"], "start": stop - timedelta(days=LOOKBACK_DAYS), "stop": stop},
                     slots={"name": name, "company": str(row["company"]), "state": row["state"],
                            "date": day.isoformat()},
                     intent=intent, key=row["id"], context={"today": day.isoformat()},
                     info={"leadId": row["id"], "today": day.isoformat()})
