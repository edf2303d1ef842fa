"""Running an agent over a task file: episodes in (trial, task) order, scored, appended to a run folder."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from crmarena.agents.base import Agent, Episode, LockedStore, chat_model
from crmarena.agents.config import AgentSettings, data_yaml, default_settings
from crmarena.agents.rundir import EpisodeWriter, RunDir
from crmarena.agents.scoring import score_answer
from crmarena.errors import CrmarenaError
from crmarena.queries.model import TaskInstance
from crmarena.queries.runner import read_jsonl
from crmarena.store.base import GraphStore, store_description

FRAMEWORKS = ("act", "react", "fc", "flex", "oracle")


def read_tasks(path: str | Path) -> list[TaskInstance]:
    """Task instances of a JSONL file; a bad line is a one-line CrmarenaError naming it."""
    return read_jsonl(path)


def tasks_fingerprint(tasks: list[TaskInstance], source: str = "the task file") -> str:
    """The one org fingerprint every instance of a task file carries."""
    found = sorted({t.org_fingerprint or "" for t in tasks})
    if "" in found:
        raise CrmarenaError(f"{source} has instances without an org fingerprint (made before fingerprints "
                            "existed): make it again with 'crmarena tasks ORG'")
    if len(found) > 1:
        raise CrmarenaError(f"{source} mixes instances of {len(found)} orgs ({', '.join(found)}): "
                            "a task file belongs to one org")
    return found[0]


def check_store_matches(tasks: list[TaskInstance], store: GraphStore, source: str = "the task file") -> str:
    """Refuse a store that does not hold the org the tasks were made from (by org fingerprint);
    return the fingerprint."""
    from crmarena.fingerprint import check_same_org
    from crmarena.store.org import known_folder

    want = tasks_fingerprint(tasks, source)
    folder = known_folder(want)
    check_same_org(want, store.org_fingerprint(), want_from=source, have_from=store_description(store),
                   hint=f"pass --org {folder}" if folder else "pass --org with the folder it was made from")
    return want


def make_agent(framework: str, model: Any = None, settings: AgentSettings | None = None,
               base_url: str | None = None, user: Any = None) -> Agent:
    """An agent of a framework; ``model`` is ``provider:model``, ``llamacpp:PATH.gguf`` or a chat model
    instance (not for oracle). The agent's ``model_settings`` are the settings its chat model really has.
    With ``settings.interactive`` the agent talks with a simulated ``user`` (``scripted``, the default, or
    ``provider:model`` / a chat model; see interactive.py)."""
    settings = settings or default_settings()
    if settings.interactive:
        from crmarena.agents.interactive import InteractiveAgent, make_user

        inner = _single_turn_agent(framework, model, settings, base_url)
        return InteractiveAgent(inner, make_user(user or "scripted", settings), settings)
    return _single_turn_agent(framework, model, settings, base_url)


def _single_turn_agent(framework: str, model: Any, settings: AgentSettings, base_url: str | None) -> Agent:
    if framework == "oracle":
        from crmarena.agents.oracle import OracleAgent

        return OracleAgent()
    if framework not in FRAMEWORKS:
        raise CrmarenaError(f"unknown agent {framework!r}; choose {', '.join(FRAMEWORKS)}")
    if model is None:
        raise CrmarenaError(f"--agent {framework} needs --model PROVIDER:MODEL")
    llm, applied = chat_model(model, settings, base_url=base_url)
    if framework in ("act", "react"):
        from crmarena.agents.act import TextProtocolAgent

        agent: Any = TextProtocolAgent(llm, react=framework == "react", settings=settings)
    else:
        from crmarena.agents.fc import FunctionCallingAgent

        agent = FunctionCallingAgent(llm, flex=framework == "flex", settings=settings)
    agent.model_settings = applied
    return agent


LOCAL_PROVIDERS = ("llamacpp",)


def price(model: str | None, local: bool = False) -> dict[str, float] | None:
    """USD per million input/output tokens of ``provider:model`` (``prices.yaml``); None when unlisted or local."""
    if not model or local or ":" not in model:
        return None
    provider, name = model.split(":", 1)
    table = (data_yaml("prices.yaml") or {}).get(provider) if provider not in LOCAL_PROVIDERS else None
    if not table:
        return None
    key = name if name in table else max((k for k in table if name.startswith(k)), key=len, default=None)
    return table[key] if key is not None else None


def cost_usd(model: str | None, usage: dict[str, Any], local: bool = False) -> float | None:
    """Cost of ``usage`` (input_tokens, output_tokens) for a model; None for an unlisted or local model."""
    p = price(model, local)
    if p is None:
        return None
    return round(((usage.get("input_tokens") or 0) * p["input"] + (usage.get("output_tokens") or 0) * p["output"])
                 / 1e6, 6)


def episode_record(task: TaskInstance, trial: int, agent: str, model: str | None, ep: Episode,
                   local: bool = False) -> dict[str, Any]:
    score, parsed = score_answer(ep.answer, task.task, task.answer, task.reward_metric)
    usage = ep.usage.as_dict()
    turn_log = [{**t, "cost_usd": cost_usd(model, t, local)} for t in ep.turn_log]
    return {"idx": task.idx, "trial": trial, "task": task.task, "agent": agent, "model": model,
            "status": ep.status, "answer": ep.answer, "parsed": parsed, "gold": task.answer,
            "reward_metric": task.reward_metric, "score": score, "turns": ep.turns, "usage": usage,
            "cost_usd": cost_usd(model, usage, local), "error": ep.error, "duration_s": round(ep.duration_s, 3),
            "stop_rule": ep.stop_rule, "turn_log": turn_log,
            **({"user_turns": ep.user_turns} if ep.user_turns is not None else {}),
            "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "trajectory": ep.trajectory}


@dataclass
class RunSummary:
    run_dir: Path
    planned: int
    skipped: int
    done: int
    errors: int
    score_sum: float


def run_tasks(agent: Agent, tasks: list[TaskInstance], store: GraphStore, run: RunDir, *, trials: int = 1,
              concurrency: int = 1, on_episode: Callable[[dict[str, Any]], None] | None = None) -> RunSummary:
    """Run every (trial, task) pair not yet finished in ``run``; one JSONL line per episode as it ends.

    A provider error is recorded as an ``error`` episode and the run goes on; anything that is not an
    ``Exception`` (KeyboardInterrupt, a killed process) stops the run with every finished episode kept.
    """
    finished = run.finished()
    pending = [(trial, t) for trial in range(trials) for t in tasks if (t.idx, trial) not in finished]
    summary = RunSummary(run.path, trials * len(tasks), trials * len(tasks) - len(pending), 0, 0, 0.0)
    model = run.manifest.get("model")
    local = bool(run.manifest.get("base_url"))
    shared = LockedStore.around(store)

    def one(trial: int, task: TaskInstance) -> dict[str, Any]:
        try:
            ep = agent.run(task, shared)
        except Exception as e:  # noqa: BLE001 — a harness failure on one episode is recorded, not fatal
            ep = Episode(answer=None, status="error", turns=0, error=f"{type(e).__name__}: {e}")
        return episode_record(task, trial, agent.name, model, ep, local)

    with EpisodeWriter(run.episodes_file) as writer:
        def keep(rec: dict[str, Any]) -> None:
            writer.write(rec)
            summary.done += 1
            summary.errors += rec["status"] == "error"
            summary.score_sum += rec["score"]
            if on_episode:
                on_episode(rec)

        if concurrency <= 1:
            for trial, task in pending:
                keep(one(trial, task))
            return summary
        pool = ThreadPoolExecutor(max_workers=concurrency)
        queue = iter(pending)
        running: set = set()
        try:
            while True:
                while len(running) < concurrency:   # keep at most `concurrency` episodes in flight
                    nxt = next(queue, None)
                    if nxt is None:
                        break
                    running.add(pool.submit(one, *nxt))
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for f in sorted(done, key=lambda f: f.exception() is not None):
                    running.discard(f)
                    keep(f.result())
        finally:
            for f in running:                       # a crash: keep what finished, drop the rest
                if f.done() and not f.cancelled() and f.exception() is None:
                    keep(f.result())
            pool.shutdown(wait=False, cancel_futures=True)
    return summary
