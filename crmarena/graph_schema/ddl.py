"""Neo4j 5 Cypher DDL derived from the schema: id constraints, range and full-text indexes.

Every statement is idempotent (``IF NOT EXISTS``), so applying the DDL twice changes nothing.
"""

from __future__ import annotations

from crmarena.graph_schema.model import GraphSchema, load_schema


def _snake(label: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in label).lstrip("_")


def constraint_statements(schema: GraphSchema | None = None) -> list[str]:
    """One uniqueness constraint on ``id`` per label (it also backs id look-ups with an index)."""
    schema = schema or load_schema()
    return [f"CREATE CONSTRAINT {_snake(n.label)}_id IF NOT EXISTS "
            f"FOR (n:`{n.label}`) REQUIRE n.id IS UNIQUE" for n in schema.nodes]


def index_statements(schema: GraphSchema | None = None) -> list[str]:
    """A range index for every property marked ``index`` (the properties tasks filter on)."""
    schema = schema or load_schema()
    return [f"CREATE INDEX {_snake(n.label)}_{_snake(p.name)} IF NOT EXISTS "
            f"FOR (n:`{n.label}`) ON (n.{p.name})"
            for n in schema.nodes for p in n.properties if p.index]


def fulltext_statements(schema: GraphSchema | None = None) -> list[str]:
    schema = schema or load_schema()
    return [f"CREATE FULLTEXT INDEX {f.name} IF NOT EXISTS FOR (n:`{f.label}`) "
            f"ON EACH [{', '.join('n.' + p for p in f.properties)}]"
            for f in schema.fulltext_indexes]


def ddl_statements(schema: GraphSchema | None = None) -> list[str]:
    """All DDL in the order to apply it: constraints, range indexes, full-text indexes."""
    return constraint_statements(schema) + index_statements(schema) + fulltext_statements(schema)


def cypher_script(schema: GraphSchema | None = None) -> str:
    """The DDL as a cypher-shell script, one statement per line."""
    return "\n".join(s + ";" for s in ddl_statements(schema)) + "\n"
