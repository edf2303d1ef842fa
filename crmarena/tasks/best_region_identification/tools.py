"""The tools best region identification brings to the agents' toolbox: each is one function whose signature and
docstring are its schema (``env`` injected).

The Cypher they run is portable Neo4j Cypher with $params (the rules: crmarena/agents/tools/cypher.py).
"""

from __future__ import annotations

from collections import defaultdict

from crmarena.agents.tools.env import Env
from crmarena.agents.tools.records import CaseRecord, case_records

SHIPPING_STATES = """
MATCH (a:Account)
WHERE a.id IN $account_ids
RETURN a.id AS accountId, a.shippingState AS shippingState
ORDER BY accountId
"""


def get_shipping_state(env: Env, cases: list[CaseRecord]) -> list[CaseRecord]:
    """Add the shipping state (US state code) of each case's account to the cases.

    Args:
        cases: Case records, each with an accountId.

    Returns:
        The same cases, each with shippingState set.
    """
    records = case_records(cases)
    missing = [i for i, c in enumerate(records) if not c.accountId]
    if missing:
        raise ValueError(f"the case at index {missing[0]} has no accountId")
    ids = sorted({c.accountId for c in records})
    states = {r["accountId"]: r["shippingState"] for r in env.read(SHIPPING_STATES, {"account_ids": ids})}
    return [c.model_copy(update={"shippingState": states.get(c.accountId)}) for c in records]


def calculate_region_average_closure_times(cases: list[CaseRecord]) -> dict[str, float]:
    """Average closure time (closedDate - createdDate, in seconds) per shipping state.

    Args:
        cases: Case records with shippingState (see get_shipping_state), createdDate and closedDate;
            cases without a state or a closedDate are ignored.

    Returns:
        State code -> average closure time in seconds.
    """
    times: dict[str, list[float]] = defaultdict(list)
    for i, c in enumerate(case_records(cases)):
        if not c.shippingState or c.closedDate is None:
            continue
        if c.createdDate is None:
            raise ValueError(f"the case at index {i} lacks createdDate")
        times[c.shippingState].append((c.closedDate - c.createdDate).total_seconds())
    return {s: sum(t) / len(t) for s, t in sorted(times.items())}


TOOLS = (get_shipping_state, calculate_region_average_closure_times)
