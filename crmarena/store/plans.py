"""The guarantee that an untrusted statement only reads: the engine's own plan, checked operator by operator.

Before a query runs, the engine that will run it plans it (``EXPLAIN``: Neo4j's planner, the embedded
engine's binder and planner) and only plans made entirely of the read operators below pass. A plan
holding LOAD CSV / LOAD FROM / COPY, a procedure or table function outside ``*_PROCEDURES``, an
administration, SHOW, TERMINATE or USE command, a transaction command or any write is refused.
These are allow-lists: an operator nobody listed (a new engine version's) is refused, never guessed.
Because the engine parses the very text it will then run, no second lexer can disagree with it.
"""

from __future__ import annotations

import re
from typing import Any

# Neo4j 5 operators (``operatorType`` without its ``@database`` suffix) that only read the graph.
NEO4J_READ_OPERATORS = frozenset("""
    ProduceResults EmptyResult Argument EmptyRow AllNodesScan NodeByLabelScan UnionNodeByLabelsScan
    IntersectionNodeByLabelsScan SubtractionNodeByLabelsScan NodeByIdSeek NodeByElementIdSeek
    NodeIndexSeek NodeUniqueIndexSeek NodeIndexSeekByRange NodeUniqueIndexSeekByRange NodeIndexScan
    NodeIndexContainsScan NodeIndexEndsWithScan MultiNodeIndexSeek AssertingMultiNodeIndexSeek
    NodeCountFromCountStore RelationshipCountFromCountStore DirectedRelationshipTypeScan
    UndirectedRelationshipTypeScan DirectedUnionRelationshipTypesScan UndirectedUnionRelationshipTypesScan
    DirectedAllRelationshipsScan UndirectedAllRelationshipsScan DirectedRelationshipIndexSeek
    UndirectedRelationshipIndexSeek DirectedRelationshipIndexScan UndirectedRelationshipIndexScan
    DirectedRelationshipIndexSeekByRange UndirectedRelationshipIndexSeekByRange
    DirectedRelationshipIndexContainsScan UndirectedRelationshipIndexContainsScan
    DirectedRelationshipIndexEndsWithScan UndirectedRelationshipIndexEndsWithScan
    DirectedRelationshipByIdSeek UndirectedRelationshipByIdSeek DirectedRelationshipByElementIdSeek
    UndirectedRelationshipByElementIdSeek Expand(All) Expand(Into) OptionalExpand(All)
    OptionalExpand(Into) VarLengthExpand(All) VarLengthExpand(Into) VarLengthExpand(Pruning)
    BFSPruningVarExpand(All) BFSPruningVarExpand(Into) ShortestPath StatefulShortestPath(All)
    StatefulShortestPath(Into) Trail Repeat(Trail) ProjectEndpoints Filter Projection CacheProperties
    Limit ExhaustiveLimit Skip Sort PartialSort Top Top1WithTies PartialTop Distinct OrderedDistinct
    EagerAggregation OrderedAggregation Aggregation Unwind PartitionedUnwind Union OrderedUnion Eager
    Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply SelectOrSemiApply SelectOrAntiSemiApply
    LetSelectOrSemiApply LetSelectOrAntiSemiApply RollUpApply ConditionalApply AntiConditionalApply
    CartesianProduct NodeHashJoin ValueHashJoin NodeLeftOuterHashJoin NodeRightOuterHashJoin Optional
    AssertSameNode AssertSameRelationship TriadicSelection TriadicBuild TriadicFilter NullifyMetadata
    ProcedureCall
""".split())
# The procedures a query may call (the full-text query and read-only schema listings); ``ProcedureCall``
# with any other name is refused. Loading polls SHOW INDEXES on the loader's own write session.
NEO4J_READ_PROCEDURES = frozenset({
    "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships", "db.labels",
    "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties",
})

# Embedded (ladybug 0.22) physical operators that only read, and the table functions a plan may call
# (READ_FTABLE is the engine's own intermediate-table scan; the others list the catalogue).
EMBEDDED_READ_OPERATORS = frozenset("""
    RESULT_COLLECTOR PROJECTION FILTER FLATTEN LIMIT SKIP TOP_K TOP_K_SCAN ORDER_BY ORDER_BY_MERGE
    ORDER_BY_SCAN AGGREGATE AGGREGATE_FINALIZE AGGREGATE_SCAN HASH_JOIN_BUILD HASH_JOIN_PROBE
    INTERSECT_BUILD INTERSECT CROSS_PRODUCT UNWIND UNION_ALL_SCAN SCAN_NODE_TABLE SCAN_REL_TABLE
    PRIMARY_KEY_SCAN_NODE_TABLE INDEX_LOOKUP MULTIPLICITY_REDUCER SEMI_MASKER PATH_PROPERTY_PROBE
    QUERY_PRIMARY_KEY_LOOKUP RECURSIVE_EXTEND DUMMY_SINK DUMMY_SIMPLE_SINK EMPTY_RESULT TABLE_FUNCTION_CALL
""".split())
EMBEDDED_READ_FUNCTIONS = frozenset({"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION"})
# Functions that introduce a TABLE_FUNCTION_CALL box each (to check no box's function went unread).
_EMBEDDED_CALL_OPERATORS = frozenset({"TABLE_FUNCTION_CALL", "STANDALONE_CALL"})
# One cell of the box drawing (boxes of sibling operators stand side by side on one line).
_EMBEDDED_OPERATOR = re.compile(r"(?<=│)\s*([A-Z][A-Z0-9_]*)\[\d+\]\s*(?=│)")
_EMBEDDED_FUNCTION = re.compile(r"(?<=│)\s*Function:\s*([^│\s]+)\s*(?=│)")


def neo4j_plan_refusal(plan: dict[str, Any] | None, query_type: str | None, database: str) -> str | None:
    """Why a Neo4j EXPLAIN plan is not a read of ``database`` (None when it is)."""
    if plan is None:
        return "Neo4j returned no plan for the statement"
    if query_type != "r":
        return f"the statement is not read-only (Neo4j classifies it as {query_type!r})"
    stack = [plan]
    while stack:
        node = stack.pop()
        stack.extend(node.get("children") or [])
        op, _, where = str(node.get("operatorType", "")).partition("@")
        if where and where.lower() != database.lower():
            return f"the plan runs {op} on the database {where!r}, not the org's"
        if op not in NEO4J_READ_OPERATORS:
            return f"the plan holds {op}, which is not a read operator"
        if op == "ProcedureCall":
            details = str((node.get("args") or node.get("arguments") or {}).get("Details", ""))
            name = details.split("(", 1)[0].strip().strip("`").lower()
            if name not in NEO4J_READ_PROCEDURES:
                return f"procedure {name or details!r} is not allowed"
    return None


def embedded_plan_refusal(plan_text: str) -> str | None:
    """Why the embedded engine's EXPLAIN text is not a pure read (None when it is)."""
    operators, functions = [], []
    for line in plan_text.splitlines():
        operators.extend(_EMBEDDED_OPERATOR.findall(line))
        functions.extend(f.upper() for f in _EMBEDDED_FUNCTION.findall(line))
    if not operators:
        return "the embedded engine returned no plan for the statement"
    for op in operators:
        if op not in EMBEDDED_READ_OPERATORS:
            return f"the plan holds {op}, which is not a read operator"
    calls = sum(op in _EMBEDDED_CALL_OPERATORS for op in operators)
    if calls != len(functions):
        return "the plan's function calls cannot be read unambiguously"
    for fn in functions:
        if fn not in EMBEDDED_READ_FUNCTIONS:
            return f"function {fn} is not allowed (it reads files, settings or other data than the org's)"
    return None
