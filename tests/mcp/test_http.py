"""`crmarena mcp --transport http` end to end: a real server process on 127.0.0.1, the SDK's HTTP client."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.agents.scripted import first_task
from tests.waiting import until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the server accepts a connection on ``port`` (polled), or it exits, or ``timeout`` s pass."""
    def listening() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    until(listening, timeout, "the MCP server to listen")


def test_streamable_http_on_loopback(org_dir, tasks, tasks_file, tmp_path):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    port, out = free_port(), tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "crmarena", "mcp", "--org", str(org_dir), "--tasks", str(tasks_file),
                             "--out", str(out), "--tools", "general", "--transport", "http", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    task = first_task(tasks, "best_region_identification")
    try:
        wait_for(port, proc)

        async def work():
            async with streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (r, w, _):
                async with ClientSession(r, w) as s:
                    await s.initialize()
                    names = {t.name for t in (await s.list_tools()).tools}
                    await s.call_tool("get_task", {"idx": task.idx})
                    done = await s.call_tool("submit_answer", {"idx": task.idx, "answer": ", ".join(task.answer)})
                    return names, json.loads(done.content[0].text)

        names, done = asyncio.run(work())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert names == {"run_cypher", "search", "list_tasks", "get_task", "submit_answer"}
    assert done["recorded"] is True
    rec = json.loads((out / "episodes.jsonl").read_text().splitlines()[0])
    assert rec["idx"] == task.idx and rec["score"] == 1.0 and rec["agent"] == "mcp"
