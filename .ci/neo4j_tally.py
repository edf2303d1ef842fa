"""pytest plugin loaded by .ci/run (PYTEST_PLUGINS=neo4j_tally): tallies the tests marked ``neo4j`` that ran.

Writes ``passed failed`` to $CRMARENA_CI_TALLY so the CI script can report how many Neo4j tests ran.
"""

from __future__ import annotations

import os

_tally = {"passed": 0, "failed": 0}


def pytest_runtest_logreport(report):
    # the report's keywords carry the test's markers, also when an xdist worker ran it
    if "neo4j" not in report.keywords:
        return
    if report.when == "call":
        _tally["passed" if report.passed else "failed"] += 1
    elif report.failed:  # an error in setup or teardown
        _tally["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"neo4j-marked tests run: {_tally['passed'] + _tally['failed']} "
                                f"({_tally['passed']} passed, {_tally['failed']} failed)")


def pytest_unconfigure(config):
    path = os.environ.get("CRMARENA_CI_TALLY")
    if path and not hasattr(config, "workerinput"):   # the controller writes it, not an xdist worker
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"{_tally['passed']} {_tally['failed']}\n")
