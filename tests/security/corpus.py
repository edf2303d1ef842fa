"""The attack corpus (attack_corpus.yaml), expanded, and the canaries that show an escape: a CSV file
outside the org and an HTTP server on 127.0.0.1 that counts every connection it accepts."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).with_name("attack_corpus.yaml")
CANARY_TEXT = "CANARY-FILE-7f3a9c"


@dataclass(frozen=True)
class Attack:
    kind: str                 # the corpus class
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    inert: bool = False       # may run (a string both parsers agree on), but only as data

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.text[:60]!r}"


@dataclass(frozen=True)
class Canaries:
    file: Path
    org: Path
    http: str
    https: str

    def fill(self, text: str) -> str:
        return (text.replace("{file}", str(self.file)).replace("{org}", str(self.org))
                .replace("{http}", self.http).replace("{https}", self.https))


def load_corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _text(entry: Any) -> tuple[str, dict, bool]:
    if isinstance(entry, str):
        return entry, {}, False
    if "inert" in entry:
        return entry["inert"], {}, True
    if "nest" in entry:
        head, open_, inner, close, tail = entry["nest"]
        return head + open_ * entry["depth"] + inner + close * entry["depth"] + tail, {}, False
    if "chain" in entry:
        head, term, sep, tail = entry["chain"]
        return head + sep.join([term] * entry["count"]) + tail, {}, False
    return entry["query"], dict(entry["params"]), False


def attacks(canaries: Canaries) -> list[Attack]:
    out = []
    for kind, entries in load_corpus()["classes"].items():
        for entry in entries:
            text, params, inert = _text(entry)
            out.append(Attack(kind, canaries.fill(text), {k: canaries.fill(str(v)) for k, v in params.items()},
                              inert))
    return out


def sample(all_attacks: list[Attack], per_class: int) -> list[Attack]:
    """The first ``per_class`` attacks of every class."""
    seen: dict[str, int] = {}
    out = []
    for a in all_attacks:
        if seen.get(a.kind, 0) < per_class:
            seen[a.kind] = seen.get(a.kind, 0) + 1
            out.append(a)
    return out


class CanaryServer(http.server.ThreadingHTTPServer):
    """Serves the canary CSV; ``connections`` counts every accepted connection (TLS attempts too)."""

    daemon_threads = True

    def __init__(self, directory: Path):
        handler = _handler(directory)
        super().__init__(("127.0.0.1", 0), handler)
        self.directory = directory
        self.connections = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "CanaryServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


def _handler(directory: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, *args) -> None:
            pass

    return Handler
