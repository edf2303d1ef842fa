"""Ask a Neo4j server whether it answers, turning driver errors into one-line CrmarenaErrors."""

from __future__ import annotations

from crmarena.errors import CrmarenaError, ServiceError
from crmarena.settings import DEFAULT_DATABASE


def probe(uri: str, user: str, password: str, timeout: float = 5.0, database: str = DEFAULT_DATABASE) -> str | None:
    """The server's agent (e.g. 'Neo4j/5.26.30') once ``database`` runs a query; None while nothing answers.

    Wrong credentials raise a CrmarenaError at once (retrying would only lock the user out).
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, TransientError

    try:
        with GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout,
                                  connection_acquisition_timeout=timeout, max_connection_pool_size=1) as driver:
            driver.verify_connectivity()
            info = driver.get_server_info()
            driver.execute_query("RETURN 1", database_=database)
            return info.agent
    except AuthError as e:
        raise CrmarenaError(f"Neo4j at {uri} rejected the credentials of user '{user}' "
                            f"(check NEO4J_USER / NEO4J_PASSWORD): {e.message or e}") from None
    except (ServiceUnavailable, TransientError, OSError):
        return None
    except Neo4jError as e:
        if (e.code or "").startswith("Neo.TransientError") or "DatabaseUnavailable" in (e.code or ""):
            return None
        raise CrmarenaError(f"Neo4j at {uri} answered with an error: {e.code}: {e.message}") from None
    except DriverError as e:
        raise CrmarenaError(f"cannot talk to Neo4j at {uri}: {e}") from None
    except ValueError as e:  # a malformed URI
        raise CrmarenaError(f"bad Neo4j URI {uri!r}: {e}") from None


def check_connection(uri: str, user: str, password: str, timeout: float = 5.0,
                     database: str = DEFAULT_DATABASE) -> str:
    """Like :func:`probe`, but a server that does not answer is an error too."""
    agent = probe(uri, user, password, timeout, database)
    if agent is None:
        raise ServiceError(f"no Neo4j answers at {uri} (start the local server with 'crmarena neo4j start', "
                            "or set NEO4J_URI)")
    return agent
