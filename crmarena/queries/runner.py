"""Curate every task on an org, compute gold answers on a GraphStore, write CRMArena-style JSONL.

Deterministic: each task draws from its own ``numpy`` Generator seeded with (seed, crc32(task name)),
and the store's answers are deterministic, so the same org and seed give an identical file.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from pydantic import ValidationError

from crmarena.errors import CrmarenaError
from crmarena.queries.curation import Curated, Shortfall, answer_key, curate
from crmarena.queries.model import TaskInstance
from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Task
from crmarena.simulator.seeds import curation_stream
from crmarena.store.base import GraphStore
from crmarena.tasks.registry import check_kind, check_names, get_task, suite_names


@dataclass(frozen=True)
class TaskSummary:
    task: str
    count: int
    wanted: int
    none_share: float
    distinct_answers: int
    top_answer_share: float       # of answerable instances
    drafts: int
    seconds: float
    support_min: int | None = None      # cases behind the answer (support.cases), answerable instances
    support_median: float | None = None
    statistic_median: float | None = None   # the support test statistic (p-value or lead / SE)
    shortfall: Shortfall | None = None


def build_instances(org_dir: str | Path, store: GraphStore, *, per_task: int = 130, names: list[str] | None = None,
                    seed: int = 0, on_task: Callable[[TaskSummary], None] | None = None,
                    ) -> tuple[list[TaskInstance], list[TaskSummary]]:
    """Curated instances of the chosen tasks (all by default), in registry order, idx from 0."""
    from crmarena.fingerprint import org_fingerprint

    fingerprint = org_fingerprint(org_dir)
    instances: list[TaskInstance] = []
    summaries: list[TaskSummary] = []
    for batch in curate_tasks(org_dir, store, per_task=per_task, names=names, seed=seed):
        start = len(instances)
        for c in batch.kept:
            template_id, query = batch.task.question(c.draft, batch.words)
            instances.append(TaskInstance(
                idx=len(instances), task=batch.task.name, query=query, answer=c.answer,
                reward_metric=batch.task.reward_metric, metadata=batch.task.metadata(batch.org, c.draft),
                persona=batch.task.persona, template_id=template_id, parameters=batch.task.record_parameters(c.draft),
                org_fingerprint=fingerprint))
        summary = summarize(batch.task.name, instances[start:], per_task, batch.drafts, batch.seconds,
                            batch.shortfall)
        summaries.append(summary)
        if on_task:
            on_task(summary)
    return instances, summaries


@dataclass
class TaskBatch:
    org: OrgData
    task: Task
    kept: list[Curated]
    drafts: int
    seconds: float
    words: np.random.Generator      # draws the question templates
    shortfall: Shortfall | None = None


def curate_tasks(org_dir: str | Path, store: GraphStore, *, per_task: int = 130, names: list[str] | None = None,
                 seed: int = 0) -> Iterator[TaskBatch]:
    """Each chosen task's curated drafts with their gold answers, task by task (lazily)."""
    from crmarena.settings import BOUNDS, check_seed

    check_seed(seed)
    if not 1 <= per_task <= BOUNDS.per_task_max:
        raise CrmarenaError(f"--per-task must be from 1 to {BOUNDS.per_task_max:,}, got {per_task:,}")
    org = OrgData(org_dir)
    kind = org.manifest.get("kind", "b2c")
    chosen = check_names(list(names)) if names else suite_names("service", kind)
    check_kind(chosen, kind)
    for name in chosen:
        task = get_task(name)
        t0 = time.perf_counter()
        kept, attempts, short = curate(task, org, store, per_task, curation_stream(seed, name))
        words = curation_stream(seed, name, 1)
        yield TaskBatch(org, task, kept, attempts, time.perf_counter() - t0, words, short)


def summarize(name: str, rows: list[TaskInstance], wanted: int, drafts: int, seconds: float,
              shortfall: Shortfall | None = None) -> TaskSummary:
    answerable = [r for r in rows if not r.is_none]
    counts = Counter(answer_key(r.answer) for r in answerable)
    top = counts.most_common(1)[0][1] / len(answerable) if answerable else 0.0
    none = (len(rows) - len(answerable)) / len(rows) if rows else 0.0
    support = [r.parameters["support"] for r in answerable if isinstance(r.parameters.get("support"), dict)]
    cases = [s["cases"] for s in support]
    stats = [s["statistic"] for s in support if s.get("statistic") is not None]
    return TaskSummary(name, len(rows), wanted, none, len(counts), top, drafts, seconds,
                       min(cases) if cases else None, float(np.median(cases)) if cases else None,
                       float(np.median(stats)) if stats else None, shortfall)


def shortfall_message(summaries: list[TaskSummary]) -> str:
    """One line naming every task whose quotas were not met ("" when all were)."""
    short = [s.shortfall.describe() if s.shortfall else f"{s.task} {s.count}/{s.wanted}"
             for s in summaries if s.shortfall or s.count < s.wanted]
    return "; ".join(short)


def write_jsonl(instances: list[TaskInstance], out: str | Path) -> Path:
    """Write atomically: a temporary file beside ``out``, renamed over it when complete."""
    from crmarena.files import write_text_atomic

    text = "".join(json.dumps(inst.model_dump(mode="json"), ensure_ascii=False, sort_keys=False) + "\n"
                   for inst in instances)
    return write_text_atomic(out, text)


def read_jsonl(path: str | Path) -> list[TaskInstance]:
    """Task instances of a JSONL file; a bad line is a one-line CrmarenaError naming it."""
    from crmarena.files import read_text

    p = Path(path)
    lines = read_text(p, "the task file").splitlines()
    tasks = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            tasks.append(TaskInstance.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as e:
            first = str(e).splitlines()[0] if isinstance(e, json.JSONDecodeError) else \
                f"{'.'.join(map(str, e.errors()[0]['loc']))}: {e.errors()[0]['msg']}"
            raise CrmarenaError(f"{p} line {n} is not a task instance: {first}") from None
    if not tasks:
        raise CrmarenaError(f"the task file {p} holds no task instances")
    dupes = sorted(i for i, n in Counter(t.idx for t in tasks).items() if n > 1)
    if dupes:
        raise CrmarenaError(f"{p} repeats task idx {dupes[0]}: every instance needs its own idx")
    return tasks
