"""A test-only isolated store whose child also answers ``raw`` (engine text past every check) and
``sleep`` (a call that never answers in time): the product's worker carries neither."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
from crmarena.store.embedded_worker import IsolatedEmbeddedStore, store_operations


def probe_operations(store: Any, op: str, args: tuple) -> Any:
    if op == "raw":
        text, timeout = args
        return store._execute(text, {}, None, timeout, DEFAULT_MAX_ROWS)
    if op == "sleep":
        seconds, started = args
        if started:                 # tell the test the call is in flight (it waits for this file)
            Path(started).write_text(str(os.getpid()))
        time.sleep(seconds)         # the behaviour under test: a call that hangs (watchdog, kill in flight)
        return None
    return store_operations(store, op, args)


class ProbedEmbeddedStore(IsolatedEmbeddedStore):
    operations = staticmethod(probe_operations)

    def run_raw(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> list[dict[str, Any]]:
        """Engine text as is, in the child: no bounds, no lexical check, no plan check, no dialect."""
        return self._call(("raw", (text, timeout)), timeout, "query")

    def sleep(self, seconds: float, timeout: float, started: str | os.PathLike | None = None) -> None:
        """Keep the child busy for ``seconds``, as a call with ``timeout``; the child writes its pid to
        ``started`` (if given) once the call is running."""
        self._call(("sleep", (seconds, None if started is None else str(started))), timeout, "query")
