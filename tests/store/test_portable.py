"""check_query: the refusals both stores give before running a query (one line, exit 2), never a
silent null or empty result: missing or unused parameters, non-plain values, unknown labels,
relationship types and properties, and property comparisons with a value of another type."""

from datetime import date, datetime, timezone

import pytest

from crmarena.errors import CrmarenaError
from crmarena.store.portable import check_query
from tests.store.test_cli_store import cli_env, cli_org, crmarena, one_line_error  # noqa: F401 (fixtures)

UTC = timezone.utc
SINCE = datetime(2023, 1, 1, tzinfo=UTC)
COUNT_SINCE = "MATCH (c:Case) WHERE c.createdDate >= $since RETURN count(c) AS n"

# (query, parameters, a phrase of the one-line refusal)
REFUSALS = [
    (COUNT_SINCE, {}, "uses $since but no value was given"),
    (COUNT_SINCE, {"since": SINCE, "until": SINCE}, "$until is not used"),
    ("MATCH (c:Case) RETURN count(c) AS n", {"x": 1}, "$x is not used"),
    (COUNT_SINCE, {"since": datetime(2023, 1, 1)}, "no time zone"),
    (COUNT_SINCE, {"since": {1, 2}}, "parameters are str, int"),
    (COUNT_SINCE, {"since": "2023-01-01T00:00:00Z"}, "c.createdDate is a DATETIME but $since is a string"),
    (COUNT_SINCE, {"since": date(2023, 1, 1)}, "c.createdDate is a DATETIME but $since is a date"),
    ("MATCH (c:Case) WHERE c.createdDate >= '2023-01-01' RETURN count(c) AS n", {}, "is a DATETIME but '2023-01-01'"),
    ("MATCH (c:Case) WHERE $since <= c.createdDate RETURN count(c) AS n", {"since": "x"}, "is a DATETIME"),
    ("MATCH (c:Case) WHERE c.createdDate >= date('2023-01-01') RETURN count(c) AS n", {}, "but date(…) is a date"),
    ("MATCH (o:Order) WHERE o.effectiveDate < datetime($t) RETURN count(o) AS n", {"t": "2023-01-01T00:00:00Z"},
     "is a DATE but datetime(…) is a datetime"),
    ("MATCH (c:Case {status: 1}) RETURN count(c) AS n", {}, "c.status is a STRING but 1 is an integer"),
    ("MATCH (c:Case) WHERE c.status IN $s RETURN count(c) AS n", {"s": ["Closed", 2]}, "a list holding an integer"),
    ("MATCH (o:Order) WHERE o.effectiveDate >= $d RETURN count(o) AS n", {"d": SINCE}, "is a DATE but $d is a datetime"),
    ("MATCH (c:Cases) RETURN count(c) AS n", {}, "unknown label :Cases"),
    ("MATCH (c) WHERE c:Ticket RETURN count(c) AS n", {}, "unknown label :Ticket"),
    ("MATCH (c:Case)-[:ASSIGNED_TO]->(u:User) RETURN count(c) AS n", {}, "unknown relationship type :ASSIGNED_TO"),
    ("MATCH (c:Case)-[:OWNED_BY|ASSIGNED_TO]->(u) RETURN count(c) AS n", {}, "unknown relationship type :ASSIGNED_TO"),
    ("MATCH (c:Case) RETURN c.owner AS n", {}, "unknown property c.owner"),
    ("MATCH (c:Case {stage: 'New'}) RETURN count(c) AS n", {}, "unknown property c.stage"),
    ("MATCH (:Case)-[r:OWNED_BY]->(:User) RETURN r.since AS n", {}, "relationships have no properties"),
]

ACCEPTED = [
    (COUNT_SINCE, {"since": SINCE}),
    ("MATCH (c:Case) WHERE c.status IN $s RETURN count(c) AS n", {"s": ["Closed", "New"]}),
    ("MATCH (o:Order) WHERE o.effectiveDate >= $d RETURN count(o) AS n", {"d": date(2023, 1, 1)}),
    ("MATCH (oi:OrderItem) WHERE oi.quantity > 1.5 AND oi.unitPrice < $p RETURN count(*) AS n", {"p": 10}),
    ("MATCH (c:Case) WITH c.status AS status RETURN status AS s, {status: status} AS m", {}),
    ("MATCH (c:Case) WITH c.id AS c RETURN c.x AS n", {}),   # re-bound by AS: not the node any more
    ("MATCH (u:Case) RETURN u.createdDate.year AS y, 'c:Case x.foo' AS s // :Nope", {}),
    ("MATCH (c:Case) WHERE c.closedDate = $none RETURN count(c) AS n", {"none": None}),
    ("MATCH (c:Case) WHERE c.createdDate >= datetime('2023-01-01T00:00:00Z') AND date(c.createdDate) < $d "
     "RETURN count(c) AS n", {"d": date(2024, 1, 1)}),
    ("MATCH (c:Case) WHERE date.truncate('month', c.createdDate) = $d RETURN count(c) AS n", {"d": date(2024, 1, 1)}),
]


@pytest.mark.parametrize("query, params, phrase", REFUSALS)
def test_refused_with_one_line(query, params, phrase):
    with pytest.raises(CrmarenaError) as e:
        check_query(query, params)
    assert phrase in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("query, params", ACCEPTED)
def test_portable_queries_pass(query, params):
    check_query(query, params)


@pytest.mark.parametrize("query, params, phrase", REFUSALS)
def test_embedded_store_refuses(embedded, query, params, phrase):
    with pytest.raises(CrmarenaError) as e:
        embedded.run(query, params)
    assert phrase in str(e.value)


@pytest.mark.neo4j
@pytest.mark.parametrize("query, params, phrase", REFUSALS)
def test_neo4j_store_refuses_the_same(embedded, neo4j_store, query, params, phrase):
    with pytest.raises(CrmarenaError) as on_neo4j:
        neo4j_store.run(query, params)
    with pytest.raises(CrmarenaError) as on_embedded:
        embedded.run(query, params)
    assert str(on_neo4j.value) == str(on_embedded.value)


def test_query_with_a_missing_parameter_exits_2(cli_env, cli_org):  # noqa: F811
    assert crmarena(cli_env, "load", str(cli_org), "-q").returncode == 0
    line = one_line_error(crmarena(cli_env, "query", "--org", str(cli_org), COUNT_SINCE))
    assert "$since" in line
    ok = crmarena(cli_env, "query", "--org", str(cli_org), "--param", "since=2020-01-01T00:00:00Z", COUNT_SINCE)
    assert ok.returncode == 0, ok.stderr
