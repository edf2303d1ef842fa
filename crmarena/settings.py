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


@dataclass(frozen=True)
class Bounds:
    """Allowed ranges of every numeric flag (inclusive), shown in each command's --help.

    Seeds: 0 <= seed < 2**32 everywhere (simulate, tasks, bench tasks); a larger or negative seed is
    refused, never reduced, so one seed always names one org and one task file.
    """

    seed_max: int = 2**32 - 1
    cases_max: int = 10_000_000         # simulate / bench / study ablate: about 2 GiB per 1M cases
    per_task_max: int = 10_000          # instances per task (CRMArena has 130)
    trials_max: int = 100               # trials per instance (pass^k up to k = 100)
    concurrency_max: int = 64
    max_turns_max: int = 200
    study_seeds_max: int = 100          # study ablate --seeds K simulates K orgs per variant
    timeout_min_s: float = 0.001
    timeout_max_s: float = 3600.0       # query --timeout
    max_rows_max: int = 1_000_000       # query --max-rows
    partitions_max: int = 64
    threads_max: int = 64               # simulate --threads: blocks drawn at once in one process


BOUNDS = Bounds()


def check_seed(seed: object, flag: str = "--seed", bounds: Bounds = BOUNDS) -> int:
    """``seed`` as an int in [0, 2**32); anything else is a one-line CrmarenaError naming ``flag``."""
    from crmarena.errors import CrmarenaError

    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= bounds.seed_max:
        raise CrmarenaError(f"{flag} must be an integer from 0 to {bounds.seed_max} (2**32 - 1), got {seed!r}")
    return seed
