"""The pipeline as one typed in-process API: simulate -> build tasks -> run an agent -> evaluate.

Each stage takes a pydantic arguments object (validated at the edge: a bad value is one
``CrmarenaError`` line) and returns a typed result. The CLI commands and the studies call these; a
study never shells out. Stores are opened on explicit org folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crmarena.errors import CrmarenaError
from crmarena.settings import BOUNDS


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def of(cls, **values: Any):
        """The arguments, validated; a bad one is a one-line CrmarenaError."""
        try:
            return cls(**values)
        except ValidationError as e:
            err = e.errors()[0]
            raise CrmarenaError(f"{cls.__name__}.{'.'.join(map(str, err['loc']))}: {err['msg']}") from None


class SimulateArgs(Args):
    seed: int = Field(ge=0, le=BOUNDS.seed_max)
    out: Path
    cases: int | None = Field(None, ge=1, le=BOUNDS.cases_max)
    ratios: str | None = Field(None, pattern="^(realistic|crmarena)$")
    ablate: tuple[str, ...] = ()
    kind: str = Field("b2c", pattern="^(b2c|b2b)$")   # graph_schema.ORG_KINDS
    partitions: int = Field(1, ge=1, le=BOUNDS.partitions_max)   # Dask workers drawing the blocks (same org)
    scheduler: str | None = None      # a running Dask scheduler instead of a LocalCluster
    load: bool = True                 # load the embedded store too
    remember: bool = False            # remember it as the user's last org (the CLI does; studies never)


class OrgResult(BaseModel):
    path: Path
    fingerprint: str


def simulate(args: SimulateArgs) -> OrgResult:
    from crmarena.fingerprint import org_fingerprint
    from crmarena.simulator import simulate_org
    from crmarena.store import load_org

    org = Path(simulate_org(seed=args.seed, cases=args.cases, out_dir=args.out, ablate=list(args.ablate),
                            ratios=args.ratios, kind=args.kind, partitions=args.partitions,
                            scheduler=args.scheduler))
    if args.load:
        load_org(org, "embedded", quiet=True, remember=args.remember)
    return OrgResult(path=org, fingerprint=org_fingerprint(org))


class TasksArgs(Args):
    org: Path
    out: Path
    per_task: int = Field(130, ge=1, le=BOUNDS.per_task_max)
    seed: int = Field(0, ge=0, le=BOUNDS.seed_max)
    names: tuple[str, ...] = ()       # empty: the suite's tasks the org's kind supports
    suite: str = Field("service", pattern="^(service|pro|all)$")
    allow_shortfall: bool = False     # False: a task short of its quota is an error, as in `crmarena tasks`


def _suite(args: "TasksArgs") -> list[str]:
    from crmarena.store.org import org_kind
    from crmarena.tasks.registry import suite_names

    return suite_names(args.suite, org_kind(Path(args.org).expanduser()))


class TasksResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    path: Path
    instances: list[Any]
    shortfall: str = ""               # the tasks short of their quotas (only with allow_shortfall)


def build_tasks(args: TasksArgs) -> TasksResult:
    from crmarena.queries.runner import build_instances, shortfall_message, write_jsonl
    from crmarena.queries.stores import open_task_store

    with open_task_store(args.org, "embedded", quiet=True, remember=False) as store:
        instances, summaries = build_instances(args.org, store, per_task=args.per_task,
                                               names=list(args.names) or _suite(args), seed=args.seed)
    short = shortfall_message(summaries)
    if short and not args.allow_shortfall:
        raise CrmarenaError(f"the org cannot supply every quota: {short}; nothing written "
                            "(allow_shortfall writes what was curated)")
    write_jsonl(instances, args.out)
    return TasksResult(path=args.out, instances=instances, shortfall=short)


class RunArgs(Args):
    agent: str = Field(pattern="^(act|react|fc|flex|oracle)$")
    tasks_file: Path
    org: Path
    out: Path
    model: str | None = None
    trials: int = Field(1, ge=1, le=BOUNDS.trials_max)
    max_turns: int | None = Field(None, ge=1, le=BOUNDS.max_turns_max)  # None: the settings' defaults (crmarena run's flags)
    max_tokens: int | None = Field(None, ge=1, le=131072)
    schema_scope: str | None = Field(None, pattern="^(full|task)$")

    def settings(self):
        """The agent settings of this run: the defaults with the arguments that were given."""
        from crmarena.agents.config import default_settings

        given = {k: v for k, v in (("max_turns", self.max_turns), ("max_tokens", self.max_tokens),
                                   ("schema_scope", self.schema_scope)) if v is not None}
        return default_settings().model_copy(update=given)


class RunResult(BaseModel):
    run_dir: Path
    org_fingerprint: str
    done: int
    errors: int


def run_manifest(agent: str, model: str | None, agent_obj: Any, tasks_file: Path, n_tasks: int, trials: int,
                 store: str, org: Path | None, fingerprint: str, settings: Any, **extra: Any) -> dict[str, Any]:
    """The run.json of a run (one place: the CLI and the studies write the same fields)."""
    from crmarena.agents.rundir import file_sha256

    applied = getattr(agent_obj, "model_settings", {})
    return {"agent": agent, "model": model if agent != "oracle" else None, "store": store,
            "org": str(org) if org else None, "org_fingerprint": fingerprint,
            "tasks_file": str(Path(tasks_file).resolve()), "tasks_sha256": file_sha256(Path(tasks_file)),
            "instances": n_tasks, "trials": trials, "max_turns": settings.max_turns,
            "temperature": applied.get("temperature"), "model_settings": applied,
            "schema": settings.schema_scope,
            **({"privacy_prompt": True} if getattr(settings, "privacy_prompt", False) else {}), **extra}


def run_agent(args: RunArgs, on_episode: Callable[[dict], None] | None = None) -> RunResult:
    from crmarena.agents.rundir import RunDir
    from crmarena.agents.runner import check_store_matches, make_agent, read_tasks, run_tasks
    from crmarena.store import open_store

    settings = args.settings()
    tasks = read_tasks(args.tasks_file)
    agent = make_agent(args.agent, args.model if args.agent != "oracle" else None, settings)
    org = Path(args.org).resolve()
    graph = open_store("embedded", org_dir=org, isolated=True)
    try:
        fingerprint = check_store_matches(tasks, graph, f"the task file {args.tasks_file}")
        manifest = run_manifest(args.agent, args.model, agent, args.tasks_file, len(tasks), args.trials,
                                "embedded", org, fingerprint, settings, interactive=None)
        run_dir = RunDir.open(args.out, manifest)
        summary = run_tasks(agent, tasks, graph, run_dir, trials=args.trials, on_episode=on_episode)
    finally:
        graph.close()
    return RunResult(run_dir=run_dir.path, org_fingerprint=fingerprint, done=summary.done, errors=summary.errors)


def evaluate(run_dir: Path) -> dict[str, Any]:
    from crmarena.agents.evaluate import evaluate_run

    return evaluate_run(Path(run_dir))
