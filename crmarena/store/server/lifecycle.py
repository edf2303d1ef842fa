"""start / stop / status of the local server, as used by ``crmarena neo4j`` and the store."""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from dataclasses import dataclass

from crmarena.errors import CrmarenaError
from crmarena.settings import Neo4jSettings
from crmarena.store.server.admin import set_initial_password
from crmarena.store.server.config import ServerConfig, load_config, write_conf
from crmarena.store.server.connect import probe
from crmarena.store.server.obtain import find_java, installed_version, obtain
from crmarena.store.server.process import (ServerStatus, check_ports_free, running_pid, spawn, terminate,
                                           wait_for_bolt)


@dataclass(frozen=True)
class StartResult:
    already_running: bool
    pid: int
    agent: str
    obtain_s: float | None  # None: the jars were already there
    start_s: float | None  # None: it was already running
    config: ServerConfig


@contextmanager
def _start_lock(cfg: ServerConfig):
    """Serialise concurrent ``start``/``stop`` calls on one home."""
    cfg.run_dir.mkdir(parents=True, exist_ok=True)
    with open(cfg.run_dir / "crmarena-neo4j.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _user() -> str:
    return Neo4jSettings.from_env().user


def start(cfg: ServerConfig | None = None, progress=None, user: str | None = None) -> StartResult:
    """Obtain, configure and start the server, then wait until Bolt answers with the configured password.

    ``user`` is the account probed (default NEO4J_USER, else 'neo4j').
    """
    cfg = cfg or load_config()
    say = progress or (lambda message: None)
    user = user or _user()
    with _start_lock(cfg):
        pid = running_pid(cfg)
        if pid is not None:
            agent = probe(cfg.bolt_uri, user, cfg.password) or "not answering yet"
            return StartResult(True, pid, agent, None, None, cfg)
        java = find_java()
        check_ports_free(cfg)
        jars = sorted(p.name for p in cfg.plugins.glob("*.jar"))
        if jars:
            raise CrmarenaError(f"{cfg.plugins} holds plugin jars ({', '.join(jars)}); this server runs without "
                                "plugins (no APOC): remove them")
        if installed_version(cfg) != cfg.version:
            say(f"Obtaining Neo4j {cfg.version} from Maven Central into {cfg.lib} ...")
        obtain_s = obtain(cfg)
        write_conf(cfg)
        if not cfg.auth_file.exists():
            say("Setting the initial password (neo4j-admin dbms set-initial-password) ...")
            set_initial_password(cfg)
        say(f"Starting Neo4j {cfg.version} (home {cfg.home}) ...")
        started = time.monotonic()
        proc = spawn(cfg, java)
        try:
            agent = wait_for_bolt(cfg, proc, user)
        except CrmarenaError as e:
            if "rejected the credentials" in str(e):
                raise CrmarenaError(f"{e}; the server in {cfg.home} keeps the password it was first started "
                                    "with: use that one, or stop it and delete its data folder to start afresh"
                                    ) from None
            raise
        return StartResult(False, proc.pid, agent, obtain_s, time.monotonic() - started, cfg)


def stop(cfg: ServerConfig | None = None) -> tuple[int | None, str]:
    """Stop the server by its pid (SIGTERM, then SIGKILL); ``(None, ...)`` when it was not running."""
    cfg = cfg or load_config(password="")
    with _start_lock(cfg):
        pid = running_pid(cfg)
        if pid is None:
            return None, "not running"
        return pid, terminate(cfg, pid)


def is_running(cfg: ServerConfig | None = None) -> bool:
    """True while this home's server process is alive (it may still be starting)."""
    return running_pid(cfg or load_config(password="")) is not None


def status(cfg: ServerConfig | None = None) -> ServerStatus:
    """Running or stopped, with pid, version, URIs; whether Bolt answers with the configured password."""
    cfg = cfg or load_config()
    pid = running_pid(cfg)
    answering, detail = False, ""
    if pid is not None:
        try:
            agent = probe(cfg.bolt_uri, _user(), cfg.password, timeout=3.0)
            answering = agent is not None
            detail = agent or "not answering yet (starting?)"
        except CrmarenaError as e:
            detail = str(e)
    return ServerStatus(running=pid is not None, pid=pid, version=installed_version(cfg), home=cfg.home,
                        bolt_uri=cfg.bolt_uri, browser_url=cfg.browser_url, answering=answering, detail=detail)
