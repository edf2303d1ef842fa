"""Trivial baselines of a task file: what an agent scores without looking at the org.

- ``always_none``: answers "None" to every instance (earns every None instance of an exact-match task).
- ``most_frequent``: per task, answers the task's most frequent gold answer (ties: the smallest
  answer in sort order), the best constant answer a solver could give knowing only the answer
  distribution of the file.

Both are scored by the same ``score_answer`` as the agents, per instance, so an agent's margin over
them can be computed instance by instance (``uncertainty.bootstrap_paired_difference``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crmarena.agents.scoring import BINARY_METRICS, score_answer
from crmarena.agents.uncertainty import Interval, score_interval
from crmarena.queries.model import NONE_ANSWER

BASELINES = ("always_none", "most_frequent")


@dataclass(frozen=True)
class Gold:
    """What a baseline needs of an instance: its task, gold answer and metric."""

    idx: int
    task: str
    answer: tuple[str, ...]
    reward_metric: str


@dataclass(frozen=True)
class Baseline:
    name: str
    answers: dict[str, str]                 # task -> the constant answer given
    scores: dict[int, float]                # instance idx -> score
    per_task: dict[str, Interval]
    overall: Interval


def golds_of(instances) -> list[Gold]:
    """``Gold`` records of TaskInstance objects (a task file)."""
    return [Gold(i.idx, i.task, tuple(i.answer), i.reward_metric) for i in instances]


def most_frequent_answers(golds: list[Gold]) -> dict[str, tuple[str, ...]]:
    counts: dict[str, Counter] = {}
    for g in golds:
        counts.setdefault(g.task, Counter())[tuple(sorted(g.answer))] += 1
    return {task: min(c, key=lambda a: (-c[a], a)) for task, c in counts.items()}


def _answer_text(task: str, answer: tuple[str, ...], metric: str) -> str:
    return answer[0] if metric == "fuzzy_match" else ", ".join(answer)


def _baseline(name: str, golds: list[Gold], answers: dict[str, tuple[str, ...]]) -> Baseline:
    texts = {}
    scores: dict[int, float] = {}
    by_task: dict[str, list[float]] = {}
    binary: dict[str, bool] = {}
    for g in golds:
        text = texts.setdefault(g.task, _answer_text(g.task, answers[g.task], g.reward_metric))
        s = score_answer(text, g.task, list(g.answer), g.reward_metric)[0]
        scores[g.idx] = s
        by_task.setdefault(g.task, []).append(s)
        binary[g.task] = binary.get(g.task, True) and g.reward_metric in BINARY_METRICS
    per_task = {t: score_interval([[s] for s in v], binary[t]) for t, v in sorted(by_task.items())}
    overall = score_interval([[s] for s in scores.values()], all(binary.values()))
    return Baseline(name, texts, scores, per_task, overall)


def baselines(golds: list[Gold]) -> dict[str, Baseline]:
    """Both baselines of a set of instances (each idx once)."""
    tasks = {g.task for g in golds}
    none = {t: (NONE_ANSWER,) for t in tasks}
    return {"always_none": _baseline("always_none", golds, none),
            "most_frequent": _baseline("most_frequent", golds, most_frequent_answers(golds))}
