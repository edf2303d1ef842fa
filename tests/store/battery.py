"""The differential battery: Neo4j Cypher written in the portable subset, with parameters.

Each query has a total ORDER BY (or returns one row), so rows must match in order; lists built by
``collect`` are compared as sorted lists (collect order is unspecified on both engines). Rankings
use exact values (ids, counts, integer sums), never computed floats (see the store README, rule 6).
"""

from datetime import date, datetime, timezone

UTC = timezone.utc
PARAMS = {
    "start": datetime(2021, 1, 1, tzinfo=UTC),
    "end": datetime(2023, 7, 1, tzinfo=UTC),
    "day": date(2022, 1, 1),
    "statuses": ["Closed", "Escalated"],
    "minCases": 2,
    "empty": "",
}

AHT = "duration.inSeconds(c.createdDate, c.closedDate).seconds"

BATTERY = {
    "status_counts": "MATCH (c:Case) RETURN c.status AS status, count(*) AS n ORDER BY status",
    "cases_per_product_2hop": (
        "MATCH (c:Case)-[:ABOUT_ORDER_ITEM]->(:OrderItem)-[:FOR_PRODUCT]->(p:Product) "
        "RETURN p.id AS product, count(c) AS cases ORDER BY cases DESC, product LIMIT 10"),
    "window_count": "MATCH (c:Case) WHERE c.createdDate >= $start AND c.createdDate < $end RETURN count(c) AS n",
    "month_grouping": (
        "MATCH (c:Case) WHERE c.createdDate >= $start AND c.createdDate < $end "
        "RETURN c.createdDate.year AS year, c.createdDate.month AS month, count(*) AS n ORDER BY year, month"),
    "month_truncate": (
        "MATCH (c:Case) RETURN date.truncate('month', c.createdDate) AS month, count(*) AS n ORDER BY month"),
    "quarter_grouping": (
        "MATCH (c:Case) RETURN c.createdDate.year AS y, c.createdDate.quarter AS q, count(*) AS n ORDER BY y, q"),
    "handle_time_per_agent": (
        "MATCH (c:Case)-[:OWNED_BY]->(u:User) WHERE c.status = 'Closed' AND c.closedDate IS NOT NULL "
        f"RETURN u.id AS agent, avg({AHT}) AS aht, count(c) AS n ORDER BY agent"),
    "handle_time_hours_sum_avg": (
        "MATCH (c:Case) WHERE c.closedDate IS NOT NULL "
        "RETURN sum(duration.inSeconds(c.createdDate, c.closedDate).hours) AS total, "
        "avg(duration.inSeconds(c.createdDate, c.closedDate).minutes) AS minutes, count(c) AS n"),
    "qualified_agents_min_aht": (
        "MATCH (h:CaseHistory)-[:NEW_OWNER]->(u:User) WHERE h.field = 'Owner Assignment' "
        "AND h.createdDate >= $start AND h.createdDate < $end "
        "WITH u, count(h) AS managed WHERE managed > $minCases "
        "MATCH (u)<-[:OWNED_BY]-(c:Case) WHERE c.status = 'Closed' AND c.closedDate IS NOT NULL "
        f"WITH u, avg({AHT}) AS aht, sum({AHT}) AS total ORDER BY total, u.id LIMIT 3 "
        "RETURN u.id AS agent, aht, total"),
    "optional_match_collect": (
        "MATCH (u:User) OPTIONAL MATCH (u)<-[:OWNED_BY]-(c:Case) "
        "RETURN u.id AS agent, count(c) AS n, collect(c.id) AS cases ORDER BY agent"),
    "transfers_by_old_owner": (
        "MATCH (h:CaseHistory)-[:OLD_OWNER]->(u:User) WHERE h.field = 'Owner Assignment' "
        "RETURN u.id AS agent, count(h) AS transfers ORDER BY transfers DESC, agent"),
    "ties_all_top_issues": (
        "MATCH (c:Case)-[:HAS_ISSUE]->(i:Issue) WITH i, count(c) AS n "
        "WITH max(n) AS top, collect({id: i.id, n: n}) AS rows UNWIND rows AS r "
        "WITH r, top WHERE r.n = top RETURN r.id AS issue, top ORDER BY issue"),
    "region_close_time": (
        "MATCH (c:Case)-[:FOR_ACCOUNT]->(a:Account) WHERE c.status = 'Closed' AND c.closedDate IS NOT NULL "
        f"RETURN a.shippingState AS state, avg({AHT}) AS s, count(c) AS n ORDER BY state"),
    "purchase_dates": (
        "MATCH (o:Order)-[:PLACED_BY]->(a:Account) WHERE o.effectiveDate >= $day "
        "RETURN a.id AS account, min(o.effectiveDate) AS first, max(o.effectiveDate) AS last, count(o) AS n "
        "ORDER BY account LIMIT 15"),
    "datetime_literal": (
        "MATCH (c:Case) WHERE c.createdDate >= datetime('2022-01-01T00:00:00Z') RETURN count(*) AS n"),
    "string_functions": (
        "MATCH (p:Product) WHERE toLower(p.name) CONTAINS 'shoe' OR p.name STARTS WITH 'r' "
        "RETURN p.id AS id, toUpper(p.name) AS name, size(p.name) AS len ORDER BY id"),
    "with_order_by_then_return": (
        "MATCH (u:User) WITH u ORDER BY u.id RETURN u.id AS id, u.lastName AS name ORDER BY id"),
    "exists_subquery": (
        "MATCH (u:User) WHERE NOT EXISTS { MATCH (u)<-[:OWNED_BY]-(:Case) } RETURN u.id AS id ORDER BY id"),
    "count_subquery": (
        "MATCH (c:Case) RETURN c.id AS id, COUNT { MATCH (c)<-[:ON_CASE]-(:EmailMessage) } AS emails "
        "ORDER BY emails DESC, id LIMIT 10"),
    "whole_nodes": "MATCH (i:Issue) RETURN i ORDER BY i.id",
    "count_distinct": (
        "MATCH (c:Case)-[:FOR_ACCOUNT]->(a:Account) RETURN count(DISTINCT a) AS accounts, count(c) AS cases"),
    "case_expression": (
        "MATCH (c:Case) RETURN CASE WHEN c.closedDate IS NULL THEN 'open' ELSE 'closed' END AS state, "
        "count(*) AS n ORDER BY state"),
    "float_revenue": (
        "MATCH (oi:OrderItem)-[:FOR_PRODUCT]->(p:Product) "
        "RETURN p.id AS id, sum(oi.quantity * oi.unitPrice) AS revenue, avg(oi.unitPrice) AS price "
        "ORDER BY id LIMIT 5"),
    "relationship_types": "MATCH (c:Case)-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
    "list_param": "MATCH (c:Case) WHERE c.status IN $statuses RETURN count(*) AS n",
    "datetime_values": (
        "MATCH (c:Case) RETURN c.id AS id, c.createdDate AS created, c.closedDate AS closed ORDER BY id LIMIT 5"),
    "truncate_day_and_epoch": (
        "MATCH (c:Case) WITH c ORDER BY c.id LIMIT 5 "
        "RETURN c.id AS id, datetime.truncate('day', c.createdDate) AS day, c.createdDate.epochMillis AS ms "
        "ORDER BY id"),
    "four_hop_categories": (
        "MATCH (u:User)<-[:OWNED_BY]-(:Case)-[:ABOUT_ORDER_ITEM]->(:OrderItem)-[:FOR_PRODUCT]->(:Product)"
        "<-[:FOR_PRODUCT]-(:ProductCategoryProduct)-[:IN_CATEGORY]->(pc:ProductCategory) "
        "RETURN pc.id AS category, count(DISTINCT u) AS agents ORDER BY category"),
    "unwind_and_date_param": (
        "UNWIND $statuses AS s MATCH (c:Case {status: s}) WHERE date(c.createdDate) >= $day "
        "RETURN s AS status, count(c) AS n ORDER BY status"),
    "monthly_trend_for_product": (
        "MATCH (c:Case)-[:ABOUT_ORDER_ITEM]->(:OrderItem)-[:FOR_PRODUCT]->(p:Product) "
        "WITH p, c.createdDate.month AS month, count(c) AS n ORDER BY n DESC, month LIMIT 1 "
        "RETURN p.id AS product, month, n"),
    # what an agent writes that the engines spell differently (dialect_semantics, dialect_operators)
    "email_domains": (
        "MATCH (ct:Contact) RETURN split(ct.email, '@')[1] AS domain, split(ct.email, '@')[0] AS user "
        "ORDER BY user, domain LIMIT 8"),
    "full_names": (
        "MATCH (u:User) RETURN u.firstName + ' ' + u.lastName AS name, left(u.lastName, 2) AS l2, "
        "substring(u.firstName, 1, 3) AS mid ORDER BY name"),
    "id_prefix_and_suffix": (
        "MATCH (c:Case) RETURN substring(c.id, 0, 3) AS prefix, right(c.id, 2) AS tail, count(*) AS n "
        "ORDER BY prefix, tail LIMIT 10"),
    "empty_sum": "MATCH (oi:OrderItem) WHERE oi.quantity < 0 RETURN sum(oi.quantity) AS total, count(oi) AS n",
    "collect_positions": (
        "MATCH (c:Case)-[:OWNED_BY]->(u:User) WITH u, c ORDER BY c.id WITH u, collect(c.id) AS ids "
        "RETURN u.id AS agent, ids[0] AS first, ids[-1] AS last, ids[1..3] AS next, ids[100] AS missing "
        "ORDER BY agent"),
    "datetime_text": "MATCH (c:Case) RETURN c.id AS id, toString(c.createdDate) AS t ORDER BY id LIMIT 5",
    "contains_empty_param": "MATCH (p:Product) WHERE toLower(p.name) CONTAINS $empty RETURN count(p) AS n",
    "float_truncation": (
        "MATCH (oi:OrderItem) RETURN oi.id AS id, toInteger(oi.unitPrice) AS whole, oi.unitPrice AS price "
        "ORDER BY id LIMIT 8"),
}
