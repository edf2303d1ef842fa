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
    return [f"CREATE INDEX {name} IF NOT EXISTS FOR (n:`{n.label}`) ON (n.{p.name})"
            for n, p, name in _range_indexes(schema)]


def _range_indexes(schema: GraphSchema):
    return [(n, p, f"{_snake(n.label)}_{_snake(p.name)}") for n in schema.nodes for p in n.properties if p.index]


def fulltext_statements(schema: GraphSchema | None = None) -> list[str]:
    schema = schema or load_schema()
    return [f"CREATE FULLTEXT INDEX {f.name} IF NOT EXISTS FOR (n:`{f.label}`) "
            f"ON EACH [{', '.join('n.' + p for p in f.properties)}]"
            for f in schema.fulltext_indexes]


def ddl_statements(schema: GraphSchema | None = None) -> list[str]:
    """All DDL in the order to apply it: constraints, range indexes, full-text indexes."""
    return constraint_statements(schema) + deferred_statements(schema)


def deferred_statements(schema: GraphSchema | None = None) -> list[str]:
    """The indexes a bulk load builds after its writes (range and full-text): populating an index once
    costs far less than updating it in every write transaction. The id constraints come first, always:
    loading looks nodes up by id."""
    return index_statements(schema) + fulltext_statements(schema)


def deferred_index_names(schema: GraphSchema | None = None) -> list[str]:
    """Names of the indexes :func:`deferred_statements` creates (to drop them before a bulk load)."""
    schema = schema or load_schema()
    return [name for _, _, name in _range_indexes(schema)] + [f.name for f in schema.fulltext_indexes]


def cypher_script(schema: GraphSchema | None = None) -> str:
    """The DDL as a cypher-shell script, one statement per line."""
    return "\n".join(s + ";" for s in ddl_statements(schema)) + "\n"
