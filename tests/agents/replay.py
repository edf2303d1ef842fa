"""Replay of recorded local-model outputs: the real llama.cpp chat model path with the model's text replayed.

``ReplayChat`` is ``LlamaCppChat`` with the completion replaced by the next recorded output (text,
finish reason, timings as recorded): the chat template is rendered and the tool-call blocks are
read exactly as in a real run, so the harness sees what it saw then. Fixtures are JSONL files in
``fixtures/replay/``: a ``meta`` line (model, template name under crmarena/data/agents/chat_templates,
how it was recorded) then one line per recorded reply (episode, turn, raw text, finish, timings).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crmarena.agents.chat_template import render
from crmarena.agents.llamacpp import LlamaCppChat

REPLAY = Path(__file__).parent / "fixtures" / "replay"


class ReplayChat(LlamaCppChat):
    template: str
    outputs: list[dict[str, Any]]
    prompts: list[str] = []
    stops: list[list[str]] = []

    def _template(self) -> tuple[str, str, str]:
        return self.template, "<bos>", "<eos>"

    def _complete(self, prompt: str, stop: list[str]):
        self.prompts.append(prompt)
        self.stops.append(stop)
        if len(self.prompts) > len(self.outputs):
            raise AssertionError(f"the recording has only {len(self.outputs)} replies")
        out = self.outputs[len(self.prompts) - 1]
        return out["text"], out["finish"], out.get("timings") or {}


def load(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in (REPLAY / name).read_text().splitlines() if line.strip()]
    return lines[0], lines[1:]


def replay_model(name: str, episode: str) -> ReplayChat:
    meta, replies = load(name)
    from importlib import resources

    template = resources.files("crmarena").joinpath(f"data/agents/chat_templates/{meta['template']}.jinja").read_text()
    outputs = [r for r in replies if r["episode"] == episode]
    assert outputs, f"no episode {episode!r} in {name}"
    return ReplayChat(model_path=meta["model"], template=template, outputs=outputs, prompts=[], stops=[],
                      chat_template=template, chat_template_source=f"fallback:{meta['template']}", max_tokens=200)


__all__ = ["ReplayChat", "load", "render", "replay_model"]
