"""Sales insight mining (SIM), sales manager persona: among the opportunities lost (or won) in a
window, optionally of one account segment, which reason comes up most in their call transcripts?

Gold rule: the opportunities of stage ``$stage`` (Closed Lost, or Closed Won in the win variant)
whose closeDate lies in [``$startDay``, ``$stopDay``) and whose account's numberOfEmployees lies in
[``$minEmployees``, ``$maxEmployees``); per reason of ``$reasons`` (``{reason, key}`` maps from
``sales.yaml`` ``loss_reasons`` / ``win_reasons``: the closing call of a closed deal carries exactly
one key phrase), the number of those deals with a transcript (ON_OPPORTUNITY) carrying its key
phrase; the answer is every reason at the maximum.

Curation: a per-instance "today" (``draw_today``), a window of 3–12 months or a named quarter,
half-year season or year; 60 % loss and 40 % win questions; the accounts of any size or of one
segment (``sales.yaml`` ``companies.segments``: the employee bands). Evidence (``count_winner``):
at least ``MIN_DEALS`` deals in scope and a lead of at least ``MIN_LEAD`` deals over the runner-up
(so no ties). No None instances. No answer covers more than 20 % of the instances.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from crmarena.graph_schema.picklists import value
from crmarena.queries.orgdata import OrgData
from crmarena.queries.sampling import WindowFamily, draw_today, pick, sample_window
from crmarena.queries.support import Support, _why, count_winner
from crmarena.queries.task import Draft, Intent, Task

CLOSED_WON = value("Opportunity", "stageName", "Closed Won")
CLOSED_LOST = value("Opportunity", "stageName", "Closed Lost")
WINDOWS = WindowFamily(relative={"months": (3, 12), "quarters": (1, 4)}, named=("quarter", "season", "year"),
                       min_days=28, max_days=370)
MIN_DEALS, MIN_LEAD = 10, 2
ANY_SIZE = "accounts of any size"


def reasons(stage: str) -> list[dict[str, str]]:
    from crmarena.simulator.config import data

    key = "loss_reasons" if stage == CLOSED_LOST else "win_reasons"
    return [{"reason": r["reason"], "key": r["key"]} for r in data("sales")[key]]


def scopes() -> list[tuple[str, int, int]]:
    """(words, min employees, max employees exclusive): any size, then each segment's band."""
    from crmarena.simulator.config import data

    out = [(ANY_SIZE, 0, 10**9)]
    for s in data("sales")["companies"]["segments"]:
        out.append((f"{s['name']} accounts ({s['lo']:,}–{s['hi']:,} employees)", int(s["lo"]), int(s["hi"]) + 1))
    return out


def closed_deals(org: OrgData):
    """Closed opportunities with their account's size and the text of their calls."""
    if "closed_deals" not in org.cache:
        o = org.table("Opportunity")
        o = o[o["stageName"].isin([CLOSED_WON, CLOSED_LOST])]
        acc = org.table("Account").set_index("id")["numberOfEmployees"]
        calls = org.table("VoiceCallTranscript").dropna(subset=["opportunityId"])
        text = calls.groupby("opportunityId")["body"].apply("\n".join)
        org.cache["closed_deals"] = o.assign(employees=o["accountId"].map(acc).fillna(-1).to_numpy(),
                                             calls=o["id"].map(text).fillna("").to_numpy())
    return org.cache["closed_deals"]


class SalesInsightMining(Task):
    name = "sales_insight_mining"
    persona = "sales manager"
    suite = "pro"
    kinds = ("b2b",)
    none_share = 0.0
    answer_type = "win or loss reason"
    evidence = True
    cypher = """
MATCH (v:VoiceCallTranscript)-[:ON_OPPORTUNITY]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)
WHERE o.stageName = $stage AND o.closeDate >= $startDay AND o.closeDate < $stopDay
  AND a.numberOfEmployees >= $minEmployees AND a.numberOfEmployees < $maxEmployees
UNWIND $reasons AS r
WITH r, o, v
WHERE v.body CONTAINS r.key
WITH r.reason AS id, count(DISTINCT o) AS n
WITH id, -n AS key
WITH min(key) AS best, collect({id: id, key: key}) AS rows
UNWIND rows AS x
WITH x, best WHERE x.key = best
RETURN x.id AS answer"""

    def accept(self, draft: Draft, answer: list[str]) -> bool:
        return len(answer) == 1

    def draft(self, org: OrgData, rng: np.random.Generator, intent: Intent) -> Draft | None:
        today = draw_today(rng, org)
        w = sample_window(rng, WINDOWS, org, today=today)
        if w is None:
            return None
        stage = CLOSED_LOST if rng.random() < 0.6 else CLOSED_WON
        scope, lo, hi = pick(rng, scopes())
        rs = reasons(stage)
        start, stop = w.start.date(), w.stop.date()
        params = {"stage": stage, "startDay": start, "stopDay": stop, "minEmployees": lo, "maxEmployees": hi,
                  "reasons": rs}
        lost = stage == CLOSED_LOST
        return Draft(params=params, intent=intent,
                     slots={"outcome": "lost" if lost else "won", "verb": "losing" if lost else "winning",
                            "window": w.phrase, "scope": scope},
                     context={"window": w.describe(), "today": today.isoformat(), "scope": scope,
                              "reasons": ", ".join(r["reason"] for r in rs)},
                     info={"window": w.spec, "today": today.isoformat(), "lastDay": (stop - timedelta(days=1)).isoformat()},
                     support=self.support(org, params))

    def support(self, org: OrgData, p: dict) -> Support:
        d = closed_deals(org)
        day = d["closeDate"]
        d = d[(d["stageName"] == p["stage"]) & (day >= p["startDay"]) & (day < p["stopDay"])
              & (d["employees"] >= p["minEmployees"]) & (d["employees"] < p["maxEmployees"])]
        counts = {r["reason"]: int(d["calls"].str.contains(r["key"], regex=False).sum()) for r in p["reasons"]}
        s = count_winner(counts, most=True)
        if s.ok and len(d) < MIN_DEALS:
            return _why(s, f"only {len(d)} deals (< {MIN_DEALS})")
        if s.ok and s.margin < MIN_LEAD:
            return _why(s, f"a lead of {s.margin} (< {MIN_LEAD})")
        return s
