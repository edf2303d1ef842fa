"""The embedded store in a child process, so that one bad query never takes the caller down.

The embedded engine (ladybug, native code) runs whatever Cypher an agent sends, and some inputs
crash the whole interpreter (``RETURN properties(NULL)`` segfaults ladybug 0.22); a native call may
also outlive its query timeout. ``IsolatedEmbeddedStore`` keeps an ``EmbeddedStore`` in a child
process (multiprocessing "spawn", one Pipe) and forwards ``run``, ``search`` and ``counts`` to it.
The child does all the work, lexical checks included, so refusals and failures come back as the
same one-line ``CrmarenaError`` messages. A child that dies during a call, or does not answer within
the call's timeout plus ``grace`` seconds, is killed and the call raises a one-line
``CrmarenaError``; the next call starts a fresh child. The child opens the graph read-only with a
bounded buffer pool, then caps its own address space (``QueryLimits.worker_memory_mb`` above what
the opened database maps), so a query that grows without bound fails alone instead of the machine.

The child answers exactly the store's calls (``run``, ``search``, ``counts``): nothing that skips the
checks of ``EmbeddedStore.run``. Tests that need more give a subclass their own ``operations``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
import resource
import signal
import threading
import weakref
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, ClassVar

from crmarena.errors import CrmarenaError
from crmarena.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, QueryLimits, SearchHit
from crmarena.store.org import DB_FILE

GRACE_S = 5.0             # how long past its own timeout a call may run before the child is killed
START_TIMEOUT_S = 60.0    # a fresh child imports the engine and opens the database
COUNTS_TIMEOUT_S = 300.0  # counts() runs one count query per schema label and relationship type

MIN_DB_RESERVE = 1 << 30  # the engine reserves address space for the database file: a power of two

Request = tuple[str, tuple]   # (operation, arguments)
Reply = tuple[bool, Any]      # (True, value) or (False, one-line error message)
Operations = Callable[[Any, str, tuple], Any]   # (store, operation, arguments) -> value


def store_operations(store: Any, op: str, args: tuple) -> Any:
    """The product's operations: the GraphStore calls, with every check ``EmbeddedStore.run`` makes."""
    if op == "run":
        cypher, params, timeout, max_rows = args
        return store.run(cypher, params, timeout=timeout, max_rows=max_rows)
    if op == "search":
        return store.search(*args)
    if op == "counts":
        return store.counts()
    if op == "org_fingerprint":
        return store.org_fingerprint()
    raise CrmarenaError(f"unknown embedded worker operation {op!r}")


def _db_reserve(db_file: Path) -> int:
    """Address space the engine reserves for the database: a power of two, twice the file at least."""
    size = sum(f.stat().st_size for f in db_file.parent.glob(db_file.name + "*") if f.is_file())
    reserve = MIN_DB_RESERVE
    while reserve < 2 * size:
        reserve <<= 1
    return reserve


def _mapped_bytes() -> int:
    """This process's current address-space size (VmSize)."""
    text = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(r"VmSize:\s+(\d+)\s+kB", text).group(1)) * 1024


def cap_memory(extra_bytes: int) -> None:
    """Limit this process's address space to what it maps now plus ``extra_bytes`` (Linux)."""
    limit = _mapped_bytes() + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn: Connection, org_dir: str, limits: QueryLimits, operations: Operations) -> None:
    """The child: open the store, cap memory, answer requests until the parent closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    from crmarena.store.embedded import EmbeddedStore

    try:
        store = EmbeddedStore(org_dir, limits=limits, buffer_pool_bytes=limits.worker_buffer_pool_mb << 20,
                              max_db_bytes=_db_reserve(Path(org_dir) / DB_FILE))
        cap_memory(limits.worker_memory_mb << 20)
    except (CrmarenaError, OSError, ValueError, AttributeError) as e:
        conn.send((False, str(e) if isinstance(e, CrmarenaError) else f"the embedded worker cannot start: {e}"))
        return
    conn.send((True, None))
    try:
        while True:
            try:
                op, args = conn.recv()
            except (EOFError, OSError):
                return
            try:
                reply: Reply = (True, operations(store, op, args))
            except CrmarenaError as e:
                reply = (False, str(e))
            except MemoryError:
                reply = (False, "refused: the query needs more memory than the embedded engine may use "
                                "(narrow it, or add LIMIT)")
            except Exception as e:  # noqa: BLE001 — never let a Python error end the worker
                reply = (False, f"embedded worker failed: {type(e).__name__}: {' '.join(str(e).split())[:300]}")
            if not _answer(conn, reply):
                return
    finally:
        store.close()


def _answer(conn: Connection, reply: Reply) -> bool:
    """Send one reply; False when the parent is gone (nobody to answer)."""
    try:
        try:
            conn.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as e:
            conn.send((False, f"embedded worker failed: cannot return the result ({type(e).__name__})"))
    except OSError:
        return False
    return True


class _Worker:
    """One child process and the parent's end of its pipe."""

    def __init__(self, org_dir: Path, limits: QueryLimits, operations: Operations):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child_end, str(org_dir), limits, operations), daemon=True,
                                   name="crmarena-embedded-worker")
        self.process.start()
        child_end.close()           # so that the child's death reads as EOF here
        self.pid: int = self.process.pid

    def alive(self) -> bool:
        return self.process.exitcode is None and self.process.is_alive()

    def how_it_ended(self) -> str:
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"

    def stop(self, *, kill: bool = False) -> None:
        """Closing the pipe ends the child's loop; a child that does not leave in 2 s is killed."""
        if kill and self.process.exitcode is None:
            self.process.kill()
        self.conn.close()
        self.process.join(2)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()


class IsolatedEmbeddedStore:
    """``EmbeddedStore`` behind a process boundary: same calls, same results, same error messages."""

    backend = "embedded"
    # What the child answers; a module-level function (the "spawn" child imports it by name).
    operations: ClassVar[Operations] = staticmethod(store_operations)

    def __init__(self, org_dir: str | os.PathLike, *, limits: QueryLimits | None = None, grace: float = GRACE_S):
        self.org_dir = Path(org_dir).expanduser().resolve()
        if not (self.org_dir / DB_FILE).exists():
            raise CrmarenaError(f"no embedded graph in {self.org_dir} (run 'crmarena load {self.org_dir}')")
        self.limits = limits or QueryLimits()
        self.grace = grace
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._finalizer: weakref.finalize | None = None
        self._closed = False
        with self._lock:
            self._start()           # fail now, not at the first query, if the database cannot open

    @property
    def pid(self) -> int | None:
        """The child's process id (None between a crash and the next call)."""
        return self._worker.pid if self._worker else None

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> list[dict[str, Any]]:
        return self._call(("run", (cypher, params, timeout, max_rows)), timeout, "query")

    def search(self, index: str, text: str, limit: int = 10) -> list[SearchHit]:
        return self._call(("search", (index, text, limit)), DEFAULT_TIMEOUT_S, "search")

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        return self._call(("counts", ()), COUNTS_TIMEOUT_S, "count")

    def org_fingerprint(self) -> str | None:
        return self._call(("org_fingerprint", ()), COUNTS_TIMEOUT_S, "fingerprint read")

    def _call(self, request: Request, timeout: float, what: str) -> Any:
        try:
            data = pickle.dumps(request)
        except (pickle.PicklingError, TypeError, AttributeError) as e:
            raise CrmarenaError(f"parameters must be plain values (str, numbers, dates, lists, maps): {e}") from None
        with self._lock:
            if self._closed:
                raise CrmarenaError("the embedded store is closed")
            worker = self._worker if self._worker and self._worker.alive() else self._start()
            try:
                worker.conn.send_bytes(data)
                reply: Reply | None = worker.conn.recv() if worker.conn.poll(timeout + self.grace) else None
            except (EOFError, OSError):
                worker.process.join(2)
                self._discard(kill=True)
                raise CrmarenaError(f"the embedded engine crashed on this {what} ({worker.how_it_ended()}; "
                                    "the worker was restarted)") from None
            except BaseException:   # KeyboardInterrupt: an answer may still be on its way, so start afresh
                self._discard(kill=True)
                raise
            if reply is None:
                self._discard(kill=True)
                raise CrmarenaError(f"{what} exceeded its {timeout:g} s timeout (the worker was restarted)")
        ok, value = reply
        if not ok:
            raise CrmarenaError(value)
        return value

    def _start(self) -> _Worker:
        """A fresh child with the database open (the caller holds the lock)."""
        self._discard(kill=True)
        worker = self._worker = _Worker(self.org_dir, self.limits, type(self).operations)
        self._finalizer = weakref.finalize(self, worker.stop)   # on garbage collection and at exit
        try:
            reply = worker.conn.recv() if worker.conn.poll(START_TIMEOUT_S) else None
        except (EOFError, OSError):
            worker.process.join(2)
            reply = (False, f"the embedded worker died while opening the graph ({worker.how_it_ended()})")
        except BaseException:       # KeyboardInterrupt: never keep a child whose greeting is unread
            self._discard(kill=True)
            raise
        if reply is None:
            reply = (False, f"the embedded worker did not open the graph within {START_TIMEOUT_S:g} s")
        if not reply[0]:
            self._discard(kill=True)
            raise CrmarenaError(reply[1])
        return worker

    def _discard(self, *, kill: bool) -> None:
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if self._worker is not None:
            self._worker.stop(kill=kill)
            self._worker = None

    def close(self) -> None:
        """Stop the child (it closes the database) and wait for it to exit."""
        with self._lock:
            self._closed = True
            self._discard(kill=False)

    def __enter__(self) -> "IsolatedEmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
