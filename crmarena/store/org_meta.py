"""The org's fingerprint stored with its graph: one ``(:CrmarenaOrg {fingerprint})`` node, on both stores.

Loading writes it last (after every node and relationship), and a Neo4j load removes it first, so a
graph that is half loaded carries no fingerprint and is refused. ``CrmarenaOrg`` is not a schema
label: agents' queries cannot name it (unknown label), and counts over the schema ignore it.
See :mod:`crmarena.fingerprint` for what the fingerprint covers.
"""

from __future__ import annotations

LABEL = "CrmarenaOrg"

READ = f"MATCH (o:{LABEL}) RETURN o.fingerprint AS fingerprint"

# embedded (ladybug): a node table of its own
EMBEDDED_TABLE = f"CREATE NODE TABLE {LABEL}(fingerprint STRING, PRIMARY KEY(fingerprint))"
EMBEDDED_WRITE = f"CREATE (:{LABEL} {{fingerprint: $fingerprint}})"

# Neo4j: removed before a load, written after it
NEO4J_REMOVE = f"MATCH (o:{LABEL}) DELETE o"
NEO4J_WRITE = f"CREATE (:{LABEL} {{fingerprint: $fingerprint}})"
TOTAL_NODES = f"MATCH (n) WHERE NOT n:{LABEL} RETURN count(n) AS n"


def single(rows: list[dict]) -> str | None:
    """The fingerprint of a READ result: None without exactly one meta node."""
    values = {r["fingerprint"] for r in rows}
    return values.pop() if len(values) == 1 else None
