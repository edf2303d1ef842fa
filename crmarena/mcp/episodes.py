"""The MCP episode protocol: list tasks -> get a task's prompt and context -> submit an answer.

``EpisodeBook`` keeps, per task instance, the tool calls an MCP client made since it fetched the
task (its trajectory) and the time it took; ``submit`` scores the answer with the same scorer as
``crmarena run`` (the client is not told its score)
and appends the episode to a run folder (``run.json`` + ``episodes.jsonl``) with
the same record, so ``crmarena eval`` reads MCP runs and ``crmarena run`` runs alike. An instance
takes at most ``trials`` submissions; a resumed server continues the folder's trials.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmarena.agents.base import Episode, Usage
from crmarena.agents.config import data_yaml
from crmarena.agents.rundir import EpisodeWriter, RunDir, file_sha256, latest_episodes
from crmarena.agents.runner import episode_record
from crmarena.errors import CrmarenaError
from crmarena.queries.model import TaskInstance

AGENT = "mcp"


@dataclass
class _Open:
    started: float
    trajectory: list[dict[str, Any]] = field(default_factory=list)


class EpisodeBook:
    def __init__(self, tasks: list[TaskInstance], out_dir: str | Path, *, tasks_file: Path, org: str | None,
                 store: str, org_fingerprint: str | None = None, tools: str, trials: int = 1, client: str = "mcp-client"):
        self.tasks = {t.idx: t for t in tasks}
        self.trials = trials
        self.model = f"mcp:{client}"
        manifest = {"agent": AGENT, "model": self.model, "store": store, "org": org,
                    "org_fingerprint": org_fingerprint, "tasks_file": str(tasks_file.resolve()), "tasks_sha256": file_sha256(tasks_file),
                    "instances": len(tasks), "trials": trials, "tools": tools, "max_turns": None,
                    "temperature": None, "model_settings": {}, "base_url": None, "schema": "full"}
        self.run = RunDir.open(out_dir, manifest)
        self._writer = EpisodeWriter(self.run.episodes_file)
        self._open: dict[int, _Open] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._writer.close()

    def task(self, idx: int) -> TaskInstance:
        if idx not in self.tasks:
            raise CrmarenaError(f"no task with idx {idx} (list_tasks gives the idx values)")
        return self.tasks[idx]

    def _done(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for (idx, _), rec in latest_episodes(self.run.episodes_file).items():
            if rec.get("status") != "error":
                counts[idx] = counts.get(idx, 0) + 1
        return counts

    def listing(self) -> list[dict[str, Any]]:
        done = self._done()
        return [{"idx": t.idx, "task": t.task, "submitted": done.get(t.idx, 0), "trials": self.trials}
                for t in self.tasks.values()]

    def prompt(self, idx: int) -> dict[str, Any]:
        """The task's question, its context (policy, today's date) and the answer format; starts its episode."""
        t = self.task(idx)
        with self._lock:
            self._open[idx] = _Open(time.perf_counter())
        return {"idx": t.idx, "task": t.task, "question": t.query, "context": t.metadata.required.strip() or "(none)",
                "hints": t.metadata.optional.strip() or None,
                "answer_format": data_yaml("prompts.yaml")["answer_format"].strip(),
                "submit": "call submit_answer with this idx and your final answer"}

    def log_call(self, name: str, args: dict[str, Any], result: str, ok: bool) -> None:
        """A tool call, added to the trajectory of every open episode (a client works on one at a time)."""
        with self._lock:
            for ep in self._open.values():
                ep.trajectory.append({"role": "tool", "name": name, "args": args, "content": result[:2000],
                                      "status": "success" if ok else "error"})

    def submit(self, idx: int, answer: str) -> dict[str, Any]:
        t = self.task(idx)
        with self._lock:
            trial = self._done().get(idx, 0)
            if trial >= self.trials:
                raise CrmarenaError(f"task {idx} already has its {self.trials} submission(s) in {self.run.path}")
            ep_open = self._open.pop(idx, None) or _Open(time.perf_counter())
            calls = sum(1 for m in ep_open.trajectory if m["role"] == "tool")
            trajectory = [{"role": "user", "content": t.query}, *ep_open.trajectory,
                          {"role": "assistant", "content": answer}]
            ep = Episode(answer=answer, status="answered", turns=calls + 1, trajectory=trajectory, usage=Usage(),
                         duration_s=time.perf_counter() - ep_open.started)
            rec = episode_record(t, trial, AGENT, self.model, ep, local=True)
            self._writer.write(rec)
        # the score is not told to the client: an agent must not learn the gold answer by trying
        return {"idx": idx, "trial": trial, "recorded": True, "answer": answer}
