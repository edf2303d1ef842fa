"""How a task's answer distribution differs between two orgs (full vs ablated)."""

from __future__ import annotations

import math
from collections import Counter

from crmarena.queries.model import TaskInstance


def answer_key(instance: TaskInstance) -> str:
    return "|".join(sorted(instance.answer))


def distribution(instances: list[TaskInstance]) -> dict[str, float]:
    counts = Counter(answer_key(i) for i in instances)
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def tv_distance(p: dict[str, float], q: dict[str, float]) -> float:
    """Total-variation distance between two answer distributions (0 = identical, 1 = disjoint)."""
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in set(p) | set(q))


def entropy_bits(p: dict[str, float]) -> float:
    return -sum(v * math.log2(v) for v in p.values() if v > 0)


def describe(instances: list[TaskInstance]) -> dict[str, float]:
    """Shape of one task's answers: None share, top-answer share among answerable, entropy, distinct."""
    answerable = [i for i in instances if not i.is_none]
    p = distribution(answerable)
    return {"instances": len(instances),
            "none_share": 1 - len(answerable) / len(instances) if instances else float("nan"),
            "top_share": max(p.values(), default=float("nan")),
            "entropy_bits": entropy_bits(p),
            "distinct": len(p)}
