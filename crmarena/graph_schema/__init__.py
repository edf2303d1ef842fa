"""The graph schema: the 16 CRMArena objects as Neo4j labels, properties and relationships.

Everything else derives from it: constraints, indexes and full-text indexes (``ddl``), Parquet
column types (``arrow``), and the schema texts shown to users and agents (``render``).
"""

from crmarena.graph_schema.model import (
    FulltextIndex,
    GraphSchema,
    NodeType,
    Property,
    Relationship,
    load_schema,
)

__all__ = ["FulltextIndex", "GraphSchema", "NodeType", "Property", "Relationship", "load_schema"]
