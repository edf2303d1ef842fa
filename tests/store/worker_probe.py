"""A test-only isolated store whose child also answers ``raw`` (engine text past every check) and
``sleep`` (a call that never answers in time): the product's worker carries neither."""

from __future__ import annotations

import time
from typing import Any

from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
from crmarena.store.embedded_worker import IsolatedEmbeddedStore, store_operations


def probe_operations(store: Any, op: str, args: tuple) -> Any:
    if op == "raw":
        text, timeout = args
        return store._execute(text, {}, None, timeout, DEFAULT_MAX_ROWS)
    if op == "sleep":
        time.sleep(args[0])
        return None
    return store_operations(store, op, args)


class ProbedEmbeddedStore(IsolatedEmbeddedStore):
    operations = staticmethod(probe_operations)

    def run_raw(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> list[dict[str, Any]]:
        """Engine text as is, in the child: no bounds, no lexical check, no plan check, no dialect."""
        return self._call(("raw", (text, timeout)), timeout, "query")

    def sleep(self, seconds: float, timeout: float) -> None:
        """Keep the child busy for ``seconds``, as a call with ``timeout``."""
        self._call(("sleep", (seconds,)), timeout, "query")
