"""Differential: every portable function and operator, with edge cases (empty, null, negative and
out-of-range positions, unicode), means on the embedded store what it means on Neo4j.

The embedded half compares with Neo4j's values written in ``portable_cases`` (so the default suite
catches a regression without a server); the ``neo4j`` half checks those values on the real server.
"""

import pytest

from crmarena.errors import CrmarenaError
from tests.store.portable_cases import CASES, REFUSED


def value(store, query, params):
    rows = store.run(query, params)
    assert len(rows) == 1 and list(rows[0]) == ["v"], rows
    return rows[0]["v"]


def same(a, b):
    """Equal values of equal types (an int is not a float; True is not 1)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and (type(a) is type(b) or {type(a), type(b)} <= {int, float} and a == b and not
                       isinstance(a, bool) and not isinstance(b, bool))


def label(case):
    return f"{case[0]} {case[1]}"


@pytest.mark.parametrize("query, params, expected", CASES, ids=[label(c) for c in CASES])
def test_embedded_gives_neo4j_meaning(embedded, query, params, expected):
    assert same(value(embedded, query, params), expected)


@pytest.mark.parametrize("query, params", REFUSED, ids=[label(c) for c in REFUSED])
def test_embedded_refuses_what_it_cannot_render(embedded, query, params):
    with pytest.raises(CrmarenaError, match="not portable|not in the portable"):
        embedded.run(query, params)


def test_cases_cover_the_portable_functions():
    """Every function and operator listed portable in the store README has a case."""
    text = " ".join(q for q, _, _ in CASES)
    for name in ("count(", "sum(", "avg(", "min(", "max(", "collect(", "count(DISTINCT", "coalesce(", "size(",
                 "toLower(", "toUpper(", "toString(", "toInteger(", "toFloat(", "split(", "trim(", "substring(",
                 "left(", "right(", "replace(", "abs(", "head(", "last(", "tail(", "reverse(", "log(", "floor(", "ceil(", "CASE WHEN", "CONTAINS", "STARTS WITH",
                 "ENDS WITH", " IN ", "IS NULL", "IS NOT NULL", "..", "[0]", "[-1]", " + ", " / ", " % ",
                 ".year", ".quarter", ".month", ".day", ".hour", ".minute", ".second", ".epochMillis",
                 ".epochSeconds", "date.truncate", "datetime.truncate", "date(", "duration.inSeconds",
                 "duration.inDays"):
        assert name in text, name


@pytest.mark.neo4j
@pytest.mark.parametrize("query, params, expected", CASES, ids=[label(c) for c in CASES])
def test_neo4j_gives_the_recorded_meaning(neo4j_store, query, params, expected):
    assert same(value(neo4j_store, query, params), expected)
