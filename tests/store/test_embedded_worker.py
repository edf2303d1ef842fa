"""The isolated embedded store: same rows and messages as in process; crashes, kills and hangs of the
child become one-line errors, and the next query runs in a fresh child. Real engine, real processes."""

import gc
import multiprocessing
import os
import signal
import threading
import time
from datetime import datetime, timezone

import pytest

from crmarena.errors import CrmarenaError
from crmarena.store import GraphStore, open_store
from crmarena.store.embedded_worker import IsolatedEmbeddedStore, store_operations
from tests.store.worker_probe import ProbedEmbeddedStore
from tests.waiting import until

QUERIES = [
    ("MATCH (c:Case) RETURN c.id AS id, c.createdDate AS t, date(c.createdDate) AS d, c.status AS s "
     "ORDER BY t, id LIMIT 20", None),
    ("MATCH (c:Case) WHERE c.createdDate >= $start RETURN count(c) AS n",
     {"start": datetime(2022, 1, 1, tzinfo=timezone.utc)}),
    ("MATCH (c:Case) RETURN c.status AS status, count(*) AS n, avg(1) AS f ORDER BY status", None),
    ("MATCH (c:Case) RETURN c LIMIT 3", None),
    ("MATCH (c:Case)-[r]->(x) RETURN type(r) AS t, labels(x) AS l, count(*) AS n ORDER BY t, n", None),
]
FAILING = [
    ("CREATE (x:Issue {id: 'hack'})", {}),
    ("MATCH (n:Issue) DETACH DELETE n", {}),
    ("MATCH (c:Case) RETURN c.id; MATCH (n) DELETE n", {}),
    ("MATCH (c:Case RETURN c", {}),
    ("MATCH (c:Case) RETURN elementId(c)", {}),
    ("RETURN properties(NULL) AS p", {}),
    ("RETURN $t AS t", {"t": datetime(2022, 1, 1)}),
    ("MATCH (c:Case) RETURN c.id", {"max_rows": 5}),
]
CHECK = "MATCH (c:Case) RETURN count(c) AS n"


@pytest.fixture(scope="module")
def isolated(org_dir):
    store = ProbedEmbeddedStore(org_dir)
    yield store
    store.close()


def _message(store, cypher, params):
    params = dict(params)
    max_rows = params.pop("max_rows", 10_000)
    with pytest.raises(CrmarenaError) as e:
        store.run(cypher, params, max_rows=max_rows)
    return str(e.value)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_same_rows_as_in_process(embedded, isolated):
    assert isinstance(isolated, IsolatedEmbeddedStore) and isinstance(isolated, GraphStore)
    for cypher, params in QUERIES:
        assert isolated.run(cypher, params) == embedded.run(cypher, params), cypher
    row = isolated.run(QUERIES[0][0])[0]
    assert row["t"].tzinfo == timezone.utc and type(row["d"]).__name__ == "date"


def test_same_search_and_counts(embedded, isolated):
    for index, text in (("knowledge_text", "refund window"), ("product_text", "trail shoe")):
        assert isolated.search(index, text, 5) == embedded.search(index, text, 5)
    assert isolated.counts() == embedded.counts()


def test_same_error_messages(embedded, isolated):
    pid = isolated.pid
    for cypher, params in FAILING:
        msg = _message(isolated, cypher, params)
        assert msg == _message(embedded, cypher, params) and "\n" not in msg
    assert "read-only" in _message(isolated, *FAILING[0])
    with pytest.raises(CrmarenaError, match="opened read-only"):     # the engine's own guard, in the child
        isolated.run_raw("CREATE (x:Issue {id: 'hack'})")
    with pytest.raises(CrmarenaError, match="no full-text index"):
        isolated.search("nope", "refund")
    with pytest.raises(CrmarenaError, match="plain values"):
        isolated.run("RETURN $x AS x", {"x": threading.Lock()})
    with pytest.raises(CrmarenaError, match=r"query exceeded its 0.05 s timeout$"):  # the engine's timeout
        isolated.run("MATCH (a)-[*1..6]-(b) RETURN count(*) AS n", timeout=0.05)
    assert isolated.pid == pid                      # errors are answers: the child lives on


def test_product_worker_answers_only_the_store_calls(org_dir):
    with open_store("embedded", org_dir=org_dir, isolated=True) as store:
        assert type(store).operations is store_operations
        for op, args in (("raw", ("CREATE (x:Issue {id: 'hack'})", 5)), ("sleep", (1,))):
            with pytest.raises(CrmarenaError, match=f"unknown embedded worker operation '{op}'"):
                store._call((op, args), 5, "query")


def test_memory_cap_refuses_a_runaway_query_and_the_child_lives(embedded, isolated):
    pid = isolated.pid
    with pytest.raises(CrmarenaError, match="more memory than the embedded engine may use"):
        isolated.run("UNWIND range(1, 1000000000) AS x RETURN count(x) AS n")
    assert isolated.pid == pid and isolated.run(CHECK) == embedded.run(CHECK)


def test_missing_database_is_the_same_error(tmp_path):
    with pytest.raises(CrmarenaError, match="crmarena load"):
        open_store("embedded", org_dir=tmp_path, isolated=True)


def test_child_killed_between_calls_restarts(embedded, isolated):
    pid = isolated.pid
    os.kill(pid, signal.SIGKILL)
    isolated._worker.process.join(5)
    assert isolated.run(CHECK) == embedded.run(CHECK)
    assert isolated.pid != pid and _gone(pid)


def test_child_killed_in_flight_is_one_line_error_and_restarts(embedded, isolated, tmp_path):
    pid, started = isolated.pid, tmp_path / "started"

    def kill_once_in_flight():      # the kill waits for the child to be inside the call, not a guessed time
        until(started.exists, 30, "the child to start the call")
        os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_once_in_flight, daemon=True)
    killer.start()
    with pytest.raises(CrmarenaError, match=r"^the embedded engine crashed on this query \(SIGKILL; "
                                            r"the worker was restarted\)$"):
        isolated.sleep(10, timeout=30, started=started)    # 10 s: long enough to be killed in flight
    killer.join(5)
    assert started.read_text() == str(pid)
    assert isolated.pid is None and _gone(pid)
    assert isolated.run(CHECK) == embedded.run(CHECK)


def test_engine_segfault_is_one_line_error_and_restarts(embedded, isolated):
    """ladybug 0.22 segfaults on properties(NULL); the dialect refuses it, so send it past the guard."""
    pid = isolated.pid
    with pytest.raises(CrmarenaError, match=r"^the embedded engine crashed on this query \(SIGSEGV; "):
        isolated.run_raw("RETURN properties(NULL)")
    assert _gone(pid)
    assert isolated.run(QUERIES[0][0]) == embedded.run(QUERIES[0][0])


def test_watchdog_kills_a_hung_call_and_restarts(embedded, isolated, monkeypatch):
    monkeypatch.setattr(isolated, "grace", 0.3)
    pid = isolated.pid
    t0 = time.monotonic()
    with pytest.raises(CrmarenaError, match=r"^query exceeded its 0.2 s timeout \(the worker was restarted\)$"):
        isolated.sleep(30, timeout=0.2)             # hangs on purpose: the watchdog must fire
    assert time.monotonic() - t0 < 5 and _gone(pid)
    assert isolated.run(CHECK) == embedded.run(CHECK)


def test_close_and_garbage_leave_no_child(org_dir):
    with open_store("embedded", org_dir=org_dir, isolated=True) as store:
        pid = store.pid
        assert store.run(CHECK)[0]["n"] > 0
    assert _gone(pid) and pid not in {p.pid for p in multiprocessing.active_children()}
    with pytest.raises(CrmarenaError, match="closed"):
        store.run(CHECK)
    store.close()                                   # twice is fine

    store = IsolatedEmbeddedStore(org_dir)
    process = store._worker.process
    del store
    gc.collect()
    assert process.exitcode is not None and _gone(process.pid)
