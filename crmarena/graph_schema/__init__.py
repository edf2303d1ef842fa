"""The graph schema: the 16 CRMArena service objects and the 11 CRMArena-Pro sales/CPQ objects as
Neo4j labels, properties and relationships (some properties only in one org kind, ``ORG_KINDS``).

Everything else derives from it: constraints, indexes and full-text indexes (``ddl``), Parquet
column types (``arrow``), and the schema texts shown to users and agents (``render``).
"""

from crmarena.graph_schema.model import (
    ORG_KINDS,
    FulltextIndex,
    GraphSchema,
    NodeType,
    Property,
    Relationship,
    load_schema,
)

__all__ = ["ORG_KINDS", "FulltextIndex", "GraphSchema", "NodeType", "Property", "Relationship", "load_schema"]
