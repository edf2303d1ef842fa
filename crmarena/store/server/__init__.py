"""A local Neo4j 5.26 Community server, assembled from Maven Central and run from its own home.

``crmarena neo4j start|stop|status`` is the command-line face; the store uses :func:`admin` for
``neo4j-admin database import full`` (server stopped) and :func:`is_running` / :func:`home`;
``crmarena bench load`` uses :func:`private_server` (a throwaway server beside the user's).
"""

from crmarena.store.server.admin import admin
from crmarena.store.server.config import ServerConfig, home, load_config, render_conf
from crmarena.store.server.connect import check_connection, probe
from crmarena.store.server.lifecycle import StartResult, is_running, start, status, stop
from crmarena.store.server.private import PrivateServer, private_server
from crmarena.store.server.process import ServerStatus, port_in_use

__all__ = ["PrivateServer", "ServerConfig", "ServerStatus", "StartResult", "admin", "check_connection", "home",
           "is_running", "load_config", "port_in_use", "private_server", "probe", "render_conf", "start", "status",
           "stop"]
