"""pytest plugin loaded by .ci/run (PYTEST_PLUGINS=neo4j_tally): tallies the tests marked ``neo4j`` that ran.

Writes ``passed failed`` to $CRMARENA_CI_TALLY so the CI script can report how many Neo4j tests ran.
"""

from __future__ import annotations

import os

_tally = {"passed": 0, "failed": 0}


MARK = "crmarena_neo4j_marked"


def pytest_itemcollected(item):
    # user_properties travel with each report, also from an xdist worker (whose collection the controller
    # never sees); a report's keywords would not do: a parametrize id "neo4j" is a keyword too
    if item.get_closest_marker("neo4j"):
        item.user_properties.append((MARK, True))


def pytest_runtest_logreport(report):
    if not any(name == MARK for name, _ in report.user_properties):
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
