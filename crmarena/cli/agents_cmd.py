"""``crmarena run`` and ``crmarena eval``: run agents on tasks and score the runs."""

import click

from crmarena.cli.console import quiet_option
from crmarena.cli.options import FiniteFloatRange, concurrency_type, max_turns_type, trials_type


@click.command("run")
@click.option("--agent", type=click.Choice(["act", "react", "fc", "flex", "oracle"]), required=True)
@click.option("--model", default=None, metavar="PROVIDER:MODEL",
              help="Chat model: PROVIDER:MODEL through init_chat_model (e.g. openai:gpt-4o), or "
                   "llamacpp:PATH.gguf for a local GGUF model through llama-cpp-python (pip install -e '.[local]').")
@click.option("--base-url", default=None, metavar="URL",
              help="An OpenAI-compatible server (vLLM, llama.cpp server, Ollama) for --model openai:NAME.")
@click.option("--tasks", "tasks_file", type=click.Path(dir_okay=False), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)
@click.option("--trials", type=trials_type(), default=1, show_default=True)
@click.option("--concurrency", type=concurrency_type(), default=1, show_default=True)
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None,
              help="Org folder of the embedded store (default: $CRMARENA_ORG, else the last org loaded).")
@click.option("--max-turns", type=max_turns_type(), default=None, help="Model calls per episode (default 20).")
@click.option("--max-tokens", type=click.IntRange(1, 131072), default=None,
              help="Most tokens per reply (default: the provider's; llamacpp 1024).")
@click.option("--temperature", type=FiniteFloatRange(0, 2), default=None,
              help="Sampling temperature (default 0).")
@click.option("--stop", "stop", multiple=True, help="A stop sequence for the model (repeatable).")
@click.option("--schema", "schema_scope", type=click.Choice(["full", "task"]), default=None,
              help="Schema text in the prompt: full, or task (only what the task's gold query touches).")
@click.option("--interactive", is_flag=True,
              help="Multi-turn mode: a simulated user holds the question's details and reveals them when asked.")
@click.option("--user", "user", default=None, metavar="scripted|PROVIDER:MODEL",
              help="The simulated user of --interactive (default scripted: deterministic, from the task).")
@click.option("--max-user-turns", type=click.IntRange(1, 50), default=None,
              help="Most user messages per episode in --interactive (default 10).")
@click.option("--privacy-aware", "privacy_aware", is_flag=True,
              help="Add a confidentiality instruction to the system prompt (refuse private or internal data).")
@quiet_option
def run(agent: str, model: str | None, base_url: str | None, tasks_file: str, out_dir: str, trials: int,
        concurrency: int, store: str, org_dir: str | None, max_turns: int | None, max_tokens: int | None,
        temperature: float | None, stop: tuple[str, ...], schema_scope: str | None, interactive: bool,
        user: str | None, max_user_turns: int | None, privacy_aware: bool) -> None:
    """Run an agent on a task file; resumable (finished episodes are kept and skipped)."""
    from pathlib import Path

    from crmarena.agents.config import default_settings
    from crmarena.agents.rundir import MANIFEST, RunDir, read_manifest
    from crmarena.pipeline import run_manifest
    from crmarena.agents.runner import check_store_matches, make_agent, read_tasks
    from crmarena.store.base import store_description
    from crmarena.cli.console import err_console
    from crmarena.errors import CrmarenaError
    from crmarena.store import open_store
    from crmarena.store.org import default_org

    if agent != "oracle" and not model:
        raise CrmarenaError(f"--agent {agent} needs --model PROVIDER:MODEL (e.g. openai:gpt-4o)")
    if base_url and not (model or "").startswith("openai:"):
        raise CrmarenaError("--base-url needs --model openai:NAME (the server's model name)")
    if (user or max_user_turns) and not interactive:
        raise CrmarenaError("--user and --max-user-turns need --interactive")
    if user and user != "scripted" and ":" not in user:
        raise CrmarenaError(f"--user must be scripted or PROVIDER:MODEL, not {user!r}")
    overrides = {"max_turns": max_turns, "max_tokens": max_tokens, "temperature": temperature,
                 "stop": tuple(stop) or None, "schema_scope": schema_scope, "interactive": interactive or None,
                 "max_user_turns": max_user_turns, "privacy_prompt": privacy_aware or None}
    settings = default_settings().model_copy(update={k: v for k, v in overrides.items() if v is not None})
    tasks = read_tasks(tasks_file)
    if (Path(out_dir) / MANIFEST).exists():
        read_manifest(out_dir)          # a bad run.json in --out is one line before the store is opened
    llm_agent = make_agent(agent, model if agent != "oracle" else None, settings, base_url=base_url, user=user)
    org = Path(org_dir or default_org()).expanduser().resolve() if store == "embedded" else None
    # agents send arbitrary Cypher: the embedded engine runs in a child process a crash cannot escape
    graph = open_store(store, org_dir=org, isolated=True) if store == "embedded" else open_store(store)
    try:
        fingerprint = check_store_matches(tasks, graph, f"the task file {tasks_file}")
    except BaseException:
        graph.close()
        raise
    manifest = run_manifest(agent, model, llm_agent, Path(tasks_file), len(tasks), trials, store, org, fingerprint,
                            settings, base_url=base_url,
                            interactive=(user or "scripted") if interactive else None,
                            **({"max_user_turns": settings.max_user_turns} if interactive else {}))
    console = err_console()
    console.print(f"org: {store_description(graph)} (fingerprint {fingerprint})", soft_wrap=True)
    try:
        run_dir = RunDir.open(out_dir, manifest)
        summary = _run_with_progress(console, llm_agent, tasks, graph, run_dir, trials, concurrency)
    finally:
        graph.close()
    done = summary.done
    mean = summary.score_sum / done if done else 0.0
    console.print(f"{done} episodes run ({summary.skipped} already finished, {summary.errors} errors), "
                  f"mean score of this session {mean:.3f}; results in {run_dir.path}")


def _run_with_progress(console, agent, tasks, graph, run_dir, trials, concurrency):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from crmarena.agents.runner import run_tasks

    finished = run_dir.finished()
    todo = sum(1 for trial in range(trials) for t in tasks if (t.idx, trial) not in finished)
    stats = {"n": 0, "score": 0.0}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("score {task.fields[score]:.3f}"), TimeElapsedColumn(), console=console,
                  transient=False) as progress:
        bar = progress.add_task(f"{agent.name}", total=todo, score=0.0)

        def on_episode(rec):
            stats["n"] += 1
            stats["score"] += rec["score"]
            progress.update(bar, advance=1, score=stats["score"] / stats["n"])

        return run_tasks(agent, tasks, graph, run_dir, trials=trials, concurrency=concurrency,
                         on_episode=on_episode)


@click.command("eval")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--skip-bad", is_flag=True,
              help="Skip malformed or truncated episode lines, counting them in the report (default: refuse).")
@click.option("--judge", default=None, metavar="PROVIDER:MODEL",
              help="A chat model deciding whether confidentiality replies refuse (default: the deterministic "
                   "classifier); leaks of the protected values are always checked exactly.")
@quiet_option
def eval_(run_dir: str, fmt: str, skip_bad: bool, judge: str | None) -> None:
    """Score a run folder (or every run under it): per task, overall, per framework, pass^k.

    Each score comes with its 95 % interval and beside the always-None and most-frequent-answer
    baselines of the same instances.
    """
    from crmarena.agents.eval_report import csv_text, json_text, tables
    from crmarena.agents.evaluate import evaluate
    from crmarena.cli.console import err_console, out_console

    from crmarena.agents.judge import make_judge

    report = evaluate(run_dir, skip_bad=skip_bad, judge=make_judge(judge) if judge else None)
    if report["bad_lines"]:
        first = next(b for r in report["runs"] for b in r["bad"])
        err_console().print(f"[yellow]skipped {report['bad_lines']} malformed episode lines, not scored "
                            f"(first: {first['file']} line {first['line']}: {first['reason']})[/]")
    if fmt == "json":
        click.echo(json_text(report))
        return
    if fmt == "csv":
        click.echo(csv_text(report), nl=False)
        return
    console = out_console()
    for t in tables(report):
        console.print(t)


@click.command("mcp")
@click.option("--org", "org_dir", type=click.Path(file_okay=False), default=None,
              help="Org folder of the embedded store (default: $CRMARENA_ORG, else the last org loaded).")
@click.option("--tasks", "tasks_file", type=click.Path(dir_okay=False), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Run folder the submitted episodes are appended to (read by crmarena eval).")
@click.option("--tools", type=click.Choice(["task", "general", "both"]), default="both", show_default=True)
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True)
@click.option("--trials", type=trials_type(), default=1, show_default=True,
              help="Submissions allowed per task instance.")
@click.option("--client", default="client", show_default=True, help="Name of the MCP client, recorded as mcp:NAME.")
@click.option("--transport", type=click.Choice(["stdio", "http"]), default="stdio", show_default=True,
              help="stdio, or streamable HTTP on 127.0.0.1 (path /mcp).")
@click.option("--port", type=click.IntRange(1024, 65535), default=8765, show_default=True)
def mcp(org_dir, tasks_file, out_dir, tools, store, trials, client, transport, port) -> None:
    """Serve the org and a task file over the Model Context Protocol; submitted answers are scored episodes."""
    from pathlib import Path

    from crmarena.agents.runner import check_store_matches, read_tasks
    from crmarena.mcp.episodes import EpisodeBook
    from crmarena.mcp.server import McpSettings, serve
    from crmarena.store import open_store
    from crmarena.store.org import default_org

    tasks = read_tasks(tasks_file)
    org = Path(org_dir or default_org()).expanduser().resolve() if store == "embedded" else None
    graph = open_store(store, org_dir=org, isolated=True) if store == "embedded" else open_store(store)
    try:
        fingerprint = check_store_matches(tasks, graph, f"the task file {tasks_file}")
        book = EpisodeBook(tasks, out_dir, tasks_file=Path(tasks_file), org=str(org) if org else None,
                           org_fingerprint=fingerprint, store=store,
                           tools=tools, trials=trials, client=client)
        try:
            serve(book, graph, McpSettings(tools=tools, transport=transport, port=port))
        finally:
            book.close()
    finally:
        graph.close()


COMMANDS = [run, eval_, mcp]
