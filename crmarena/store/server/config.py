"""Where the local Neo4j server lives and how it is configured: server.yaml + neo4j.conf template."""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crmarena.errors import CrmarenaError
from crmarena.settings import BOLT_PORT, DEFAULT_PASSWORD, HTTP_PORT

PACKAGE = "crmarena.store.server"
# Never accept Neo4j's well-known initial password.
FORBIDDEN_PASSWORDS = frozenset({"neo4j"})


def data_text(name: str) -> str:
    """A data file shipped beside this module (server.yaml, neo4j.conf, pom.xml)."""
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class ServerConfig:
    """Everything needed to lay out, configure and run one local server."""

    home: Path
    version: str
    browser_version: str
    listen: str
    bolt_port: int
    http_port: int
    password: str
    memory: dict
    transactions: dict
    guide_hosts: tuple[str, ...]
    procedures: tuple[str, ...]
    ip_blocklist: tuple[str, ...]
    jvm_options: tuple[str, ...]
    start_timeout_s: float
    stop_timeout_s: float

    # --- Layout of the home.
    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "crmarena-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    @property
    def plugins(self) -> Path:
        return self.home / "plugins"

    @property
    def auth_file(self) -> Path:
        """Written by ``neo4j-admin dbms set-initial-password``; its presence means the password is set."""
        return self.home / "data" / "dbms" / "auth.ini"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{self.listen}:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://{self.listen}:{self.http_port}/browser/"

    def folders(self) -> list[Path]:
        return [self.conf_dir, self.home / "data", self.logs, self.run_dir, self.plugins, self.home / "import"]


def _defaults() -> dict:
    return yaml.safe_load(data_text("server.yaml"))


def home() -> Path:
    """The server's home: $CRMARENA_NEO4J_HOME, else ~/.local/share/crmarena/neo4j-5.26."""
    d = _defaults()
    raw = os.environ.get(d["home_env"]) or d["default_home"]
    return Path(raw).expanduser().resolve()


def server_password() -> str:
    """NEO4J_PASSWORD, else the project's local default; Neo4j's own default 'neo4j' is refused."""
    password = os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD
    if password in FORBIDDEN_PASSWORDS:
        raise CrmarenaError("NEO4J_PASSWORD must not be 'neo4j' (Neo4j's well-known default); choose another")
    if len(password) < 8:
        raise CrmarenaError("NEO4J_PASSWORD must have at least 8 characters (the server's minimum)")
    return password


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})


def local_ports() -> tuple[int, int]:
    """Bolt and HTTP ports: Bolt from NEO4J_URI when set (it must point at this machine), else
    crmarena.settings.BOLT_PORT; HTTP from CRMARENA_NEO4J_HTTP_PORT, else crmarena.settings.HTTP_PORT."""
    bolt_port = BOLT_PORT
    uri = os.environ.get("NEO4J_URI")
    if uri:
        parts = urlsplit(uri)
        if parts.hostname not in LOOPBACK_HOSTS:
            raise CrmarenaError(f"NEO4J_URI={uri} is not on this machine; the local server listens on "
                                "127.0.0.1 only (unset NEO4J_URI or point it at bolt://127.0.0.1:PORT)")
        bolt_port = parts.port or BOLT_PORT
    raw_http = os.environ.get("CRMARENA_NEO4J_HTTP_PORT")
    if raw_http and not raw_http.isdigit():
        raise CrmarenaError(f"CRMARENA_NEO4J_HTTP_PORT must be a port number, not {raw_http!r}")
    return bolt_port, int(raw_http) if raw_http else HTTP_PORT


# Memory a careful operator sizes to the graph (Neo4j's docker image has NEO4J_server_memory_* for this).
MEMORY_ENV = {"pagecache": "CRMARENA_NEO4J_PAGECACHE", "heap_max": "CRMARENA_NEO4J_HEAP"}
MEMORY_SIZE = re.compile(r"^[1-9][0-9]*[kmg]$")


def memory_settings(defaults: dict) -> dict:
    """server.yaml's memory sizes, with the page cache and maximum heap overridable from the environment
    (e.g. CRMARENA_NEO4J_PAGECACHE=4g for a 1M-case org); a bad size is a one-line error."""
    memory = dict(defaults)
    for key, env in MEMORY_ENV.items():
        raw = os.environ.get(env)
        if raw:
            if not MEMORY_SIZE.match(raw.strip().lower()):
                raise CrmarenaError(f"{env}={raw!r} is not a size such as 512m or 4g")
            memory[key] = raw.strip().lower()
    if _bytes(memory["heap_initial"]) > _bytes(memory["heap_max"]):
        memory["heap_initial"] = memory["heap_max"]
    return memory


def _bytes(size: str) -> int:
    return int(size[:-1]) * 1024 ** "kmg".index(size[-1].lower()) * 1024


def load_config(home_dir: Path | None = None, bolt_port: int | None = None, http_port: int | None = None,
                password: str | None = None) -> ServerConfig:
    """The server configuration: server.yaml defaults, ports from the environment or crmarena.settings
    (see :func:`local_ports`), password from NEO4J_PASSWORD (see :func:`server_password`)."""
    d = _defaults()
    if bolt_port is None or http_port is None:
        env_bolt, env_http = local_ports()
        bolt_port = env_bolt if bolt_port is None else bolt_port
        http_port = env_http if http_port is None else http_port
    return ServerConfig(
        home=Path(home_dir).expanduser().resolve() if home_dir else home(),
        version=str(d["version"]), browser_version=str(d["browser_version"]),
        listen=str(d["listen_address"]), bolt_port=int(bolt_port), http_port=int(http_port),
        password=password if password is not None else server_password(),
        memory=memory_settings(d["memory"]), transactions=dict(d["transactions"]),
        guide_hosts=tuple(d["browser"]["guide_hosts"]), procedures=tuple(d["security"]["procedures"]),
        ip_blocklist=tuple(d["security"]["ip_blocklist"]), jvm_options=tuple(d["jvm_options"]),
        start_timeout_s=float(d["start_timeout_s"]), stop_timeout_s=float(d["stop_timeout_s"]))


def render_conf(cfg: ServerConfig) -> str:
    """neo4j.conf text for this configuration (the password is never written into it)."""
    values = {
        "home": cfg.home.as_posix(), "listen": cfg.listen,
        "bolt_port": cfg.bolt_port, "http_port": cfg.http_port,
        "tx_timeout": cfg.transactions["timeout"], "tx_concurrent": cfg.transactions["concurrent_maximum"],
        "lock_timeout": cfg.transactions["lock_acquisition_timeout"],
        "heap_initial": cfg.memory["heap_initial"], "heap_max": cfg.memory["heap_max"],
        "pagecache": cfg.memory["pagecache"], "tx_memory": cfg.memory["transaction_max"],
        "tx_memory_total": cfg.memory["transaction_total"], "guide_hosts": ",".join(cfg.guide_hosts),
        "procedures": ",".join(cfg.procedures), "ip_blocklist": ",".join(cfg.ip_blocklist),
    }
    return string.Template(data_text("neo4j.conf")).substitute(values)


def parse_conf(text: str) -> dict[str, str]:
    """``key=value`` lines of a neo4j.conf (the last one wins, comments and blanks ignored)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def write_conf(cfg: ServerConfig) -> Path:
    """Create the home's folders and (re)write conf/neo4j.conf atomically."""
    for folder in cfg.folders():
        folder.mkdir(parents=True, exist_ok=True)
    tmp = cfg.conf_file.with_suffix(".conf.tmp")
    tmp.write_text(render_conf(cfg), encoding="utf-8")
    tmp.replace(cfg.conf_file)
    return cfg.conf_file
