"""Wait for an observable event (a file written, a port listening, a row stored) with a deadline.

Tests wait on the event itself rather than sleeping a guessed time: fast on an idle machine,
no flake on a loaded one.
"""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def until(event: Callable[[], T], timeout: float, what: str, interval: float = 0.02) -> T:
    """Poll ``event()`` until it returns something truthy (returned); AssertionError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        got = event()
        if got:
            return got
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)   # the poll interval, not a guess at how long the event takes
