"""Connection settings, read from the environment with the neo4j driver's conventions."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
# The local development server's password when NEO4J_PASSWORD is unset; never Neo4j's default.
DEFAULT_PASSWORD = "crmarena-local-dev"
DEFAULT_DATABASE = "neo4j"
HTTP_PORT = 7474
BOLT_PORT = 7687


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> "Neo4jSettings":
        """Flags win over NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, which win over defaults."""
        env = os.environ
        return cls(uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
                   user=user or env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or DEFAULT_USER,
                   password=password or env.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
                   database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE)
