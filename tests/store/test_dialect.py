"""The translation point: Neo4j Cypher (portable subset) re-spelled for the embedded engine."""

from datetime import date, datetime, timedelta, timezone

import pytest

from crmarena.errors import CrmarenaError
from crmarena.store.cypher_text import render, return_columns, tokenize
from crmarena.store.dialect import embedded_params, to_embedded


def test_tokenizer_round_trips_text():
    text = "MATCH (c:`Case`)-[:OWNED_BY]->(u) // hi\nWHERE c.subject = 'it''s \\'x\\'' /* c */ RETURN u.id AS `a b`"
    assert render(tokenize(text)) == text


@pytest.mark.parametrize("neo4j, embedded", [
    ("MATCH (c:Case) RETURN c.id", "MATCH (c:`Case`) RETURN c.id"),
    ("MATCH (o:Order)-[:PLACED_BY]->(a:Account)", "MATCH (o:`Order`)-[:PLACED_BY]->(a:`Account`)"),
    ("MATCH (c:`Case`) RETURN 1", "MATCH (c:`Case`) RETURN 1"),
    ("RETURN $end, $start", "RETURN $p_end, $p_start"),
    ("RETURN c.createdDate.month", "RETURN date_part('month', c.createdDate)"),
    ("RETURN c.createdDate.year AS y", "RETURN date_part('year', c.createdDate) AS y"),
    ("RETURN o.effectiveDate.quarter", "RETURN date_part('quarter', o.effectiveDate)"),
    ("RETURN c.createdDate.epochMillis", "RETURN to_epoch_ms(c.createdDate)"),
    ("RETURN date.truncate('month', c.createdDate)", "RETURN cast(date_trunc('month', c.createdDate) AS DATE)"),
    ("RETURN datetime.truncate('day', c.createdDate)",
     "RETURN cast(date_trunc('day', c.createdDate) AS TIMESTAMP)"),
    ("RETURN datetime('2024-01-01T00:00:00Z')", "RETURN timestamp('2024-01-01T00:00:00Z')"),
    ("RETURN date('2024-01-01')", "RETURN date('2024-01-01')"),
    ("RETURN date(c.createdDate)", "RETURN cast(c.createdDate AS DATE)"),
    ("RETURN datetime($t)", "RETURN cast($p_t AS TIMESTAMP)"),
    ("RETURN duration.inSeconds(c.createdDate, c.closedDate).seconds",
     "RETURN ((to_epoch_ms(c.closedDate) - to_epoch_ms(c.createdDate)) / 1000)"),
    ("RETURN duration.inSeconds(a.t, b.t).hours", "RETURN ((to_epoch_ms(b.t) - to_epoch_ms(a.t)) / 3600000)"),
    ("RETURN duration.inDays(a.t, b.t).days", "RETURN ((to_epoch_ms(b.t) - to_epoch_ms(a.t)) / 86400000)"),
    ("RETURN type(r), labels(n)", "RETURN label(r), [label(n)]"),
    ("RETURN toLower(x), toFloat('2.5')", "RETURN lower(x), to_double('2.5')"),
    ("MATCH (u:User)-[:OWNED_BY*1..2]-(c) RETURN [1, 2] AS l", "MATCH (u:`User`)-[:OWNED_BY*1..2]-(c) RETURN [1, 2] AS l"),
    ("MATCH (c:Case) WHERE c.status IN ['Closed'] RETURN c.id", "MATCH (c:`Case`) WHERE c.status IN ['Closed'] RETURN c.id"),
    ("MATCH (p:Product) WHERE p.name CONTAINS 'shoe' RETURN count(*) + 1 AS n",
     "MATCH (p:`Product`) WHERE p.name CONTAINS 'shoe' RETURN count(*) + 1 AS n"),
    ("RETURN date.truncate('month', c.createdDate).month",
     "RETURN date_part('month', cast(date_trunc('month', c.createdDate) AS DATE))"),
    ("MATCH (c) WITH c ORDER BY c.id RETURN c", "MATCH (c) WITH c ORDER BY c.id  SKIP 0 RETURN c"),
    ("MATCH (c) WITH c ORDER BY c.id LIMIT 3 RETURN c", "MATCH (c) WITH c ORDER BY c.id LIMIT 3 RETURN c"),
    ("MATCH (c) RETURN c ORDER BY c.id", "MATCH (c) RETURN c ORDER BY c.id"),
    ("RETURN (c.createdDate).month AS m", "RETURN date_part('month', (c.createdDate)) AS m"),
    ("WITH 1 AS date RETURN date.year", "WITH 1 AS date RETURN date_part('year', date)"),
    ("RETURN 'c:Case x.year' // :Case", "RETURN 'c:Case x.year'  "),
    ("MATCH (u:User) WHERE NOT (u)<-[:OWNED_BY]-() RETURN count (*)",
     "MATCH (u:`User`) WHERE NOT (u)<-[:OWNED_BY]-() RETURN count(*)"),
])
def test_renderings(neo4j, embedded):
    assert to_embedded(neo4j) == embedded


@pytest.mark.parametrize("text, hint", [
    ("RETURN datetime()", "not reproducible"),
    ("RETURN date()", "not reproducible"),
    ("RETURN duration({days: 3})", "window bounds"),
    ("RETURN duration.between(a.t, b.t).days", "portable"),
    ("RETURN duration.inSeconds(a.t, b.t)", ".seconds"),
    ("RETURN elementId(n)", "id property"),
    ("RETURN stDev(x)", "Python"),
    ("RETURN round(avg(x), 2)", "round in Python"),
    ("RETURN localdatetime('2024-01-01T00:00')", "UTC"),
    ("MATCH (u:User) RETURN properties(null) AS p", "node itself"),
])
def test_outside_the_subset_is_a_clear_error(text, hint):
    with pytest.raises(CrmarenaError, match="portable|reproducible") as e:
        to_embedded(text)
    assert hint in str(e.value)


def test_params_renamed_and_datetimes_bound_naive_utc():
    aware = datetime(2024, 3, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    p = embedded_params({"end": aware, "d": date(2024, 1, 1), "xs": [aware], "n": 3})
    assert p == {"p_end": datetime(2024, 3, 1, 10), "p_d": date(2024, 1, 1), "p_xs": [datetime(2024, 3, 1, 10)],
                 "p_n": 3}
    with pytest.raises(CrmarenaError, match="time zone"):
        embedded_params({"t": datetime(2024, 1, 1)})


@pytest.mark.parametrize("text, cols", [
    ("MATCH (u:User) RETURN u.id, count(*) AS n", ["u.id", "n"]),
    ("MATCH (u) RETURN DISTINCT u.id AS id ORDER BY id", ["id"]),
    ("MATCH (u) WITH u RETURN collect(u.id), {a: 1, b: [2, 3]} AS m LIMIT 3", ["collect(u.id)", "m"]),
    ("MATCH (u) RETURN *", None),
    ("MATCH (u) WHERE EXISTS { MATCH (u)--() RETURN 1 } RETURN u.id AS x", ["x"]),
])
def test_return_columns_are_neo4j_names(text, cols):
    assert return_columns(text) == cols
