"""A private, throwaway local Neo4j server, for benchmarks that must not touch the user's own server.

``with private_server() as srv: load_org(org, "neo4j", settings=srv.settings)`` starts a server with the
same operator configuration as ``crmarena neo4j start`` (server.yaml, neo4j.conf: loopback only, auth on,
no file imports, no plugins, transaction timeout) but its own home, a random password and two free
ports chosen at run time, and on every way out (return, exception, Ctrl-C, SIGTERM, SIGHUP) stops it
and deletes its home, database included.

The jars are kept in ``$XDG_CACHE_HOME/crmarena/private-neo4j/lib`` (default ``~/.cache``): hard-linked
from the configured server's home when it holds the same version, else assembled from Maven Central
once. Homes live beside it in ``homes/``; one left behind by a killed process (SIGKILL) is swept, its
server stopped, at the next ``private_server()``.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import secrets
import shutil
import signal
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from crmarena.settings import BOLT_PORT, DEFAULT_USER, HTTP_PORT, Neo4jSettings
from crmarena.store.server.config import ServerConfig, load_config
from crmarena.store.server.lifecycle import start, stop
from crmarena.store.server.obtain import is_obtained, obtain

LOCK = ".crmarena-private.lock"
STOP_TIMEOUT_S = 15.0  # the data is thrown away: no need to wait long for a clean checkpoint


@dataclass(frozen=True)
class PrivateServer:
    config: ServerConfig      # home, ports, password of this server
    settings: Neo4jSettings   # what load_org / open_store need to reach it
    agent: str                # e.g. 'Neo4j/5.26.30'
    setup_s: float            # from the call until Bolt answered (jars, ports, password, JVM start)
    jars_s: float | None      # part of setup_s spent filling the jar cache; None when it was filled


class ExitOnSignals:
    """While active, SIGTERM and SIGHUP raise SystemExit (SIGINT raises KeyboardInterrupt, as always), so
    ``finally`` blocks run; after :meth:`shield` all three are ignored, so clean-up is not cut short.
    Only in the main thread (elsewhere signals cannot be handled and this does nothing)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.saved: dict = {}
        self.shielded = False

    def __enter__(self) -> "ExitOnSignals":
        if threading.current_thread() is threading.main_thread():
            self.saved = {sig: signal.signal(sig, self._handle) for sig in self.SIGNALS}
        return self

    def _handle(self, signum, frame) -> None:
        if self.shielded:
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    def shield(self) -> None:
        self.shielded = True

    def __exit__(self, *exc) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/crmarena/private-neo4j`` (default ``~/.cache/crmarena/private-neo4j``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser().resolve() / "crmarena" / "private-neo4j"


def free_ports(host: str, n: int = 2) -> list[int]:
    """``n`` distinct ports nobody listens on now (the kernel's choice), never the default 7687/7474."""
    socks: list[socket.socket] = []
    try:
        while len(socks) < n:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(sock)
            sock.bind((host, 0))
        ports = [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()
    if {BOLT_PORT, HTTP_PORT} & set(ports):
        return free_ports(host, n)
    return ports


def _home_config(home: Path, bolt_port: int = 0, http_port: int = 0, password: str = "") -> ServerConfig:
    """A configuration for ``home`` that reads no ports or password from the environment."""
    return load_config(home, bolt_port, http_port, password)


def cached_jars(cache: Path, say: Callable[[str], None]) -> float | None:
    """Fill ``cache/lib`` with this Neo4j version once; seconds spent, None when it was there already."""
    cached = _home_config(cache)
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOCK, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        if is_obtained(cached):
            return None
        started = time.monotonic()
        configured = load_config(bolt_port=0, http_port=0, password="")
        if is_obtained(configured):
            say(f"Caching the Neo4j jars of {configured.home} in {cached.lib} ...")
            _link_tree(configured.lib, cached.lib)
        else:
            say(f"Obtaining Neo4j {cached.version} from Maven Central into {cached.lib} ...")
            obtain(cached)
        return time.monotonic() - started


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a folder as hard links (a plain copy across file systems), atomically by renaming."""
    partial = dst.with_name(dst.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, partial, copy_function=link)
    shutil.rmtree(dst, ignore_errors=True)
    partial.rename(dst)


def _claim(home: Path):
    """Lock ``home`` for this process (released when it dies), created under another name first so
    that :func:`sweep` never sees an unlocked lock file of a live home."""
    fh = open(home / (LOCK + ".new"), "w")
    fcntl.flock(fh, fcntl.LOCK_EX)
    os.rename(home / (LOCK + ".new"), home / LOCK)
    return fh


def sweep(homes: Path) -> list[Path]:
    """Stop the servers of, and delete, homes whose process is gone; return the homes removed."""
    removed = []
    for home in sorted(homes.glob("home-*")) if homes.is_dir() else []:
        if not (home / LOCK).is_file():
            continue
        with open(home / LOCK) as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live private server
            stop(dataclasses.replace(_home_config(home), stop_timeout_s=STOP_TIMEOUT_S))
            shutil.rmtree(home, ignore_errors=True)
            removed.append(home)
    return removed


@contextmanager
def private_server(progress: Callable[[str], None] | None = None, cache: Path | None = None
                   ) -> Iterator[PrivateServer]:
    """Start a throwaway Neo4j server; stop it and delete its home (data included) on every exit path."""
    say = progress or (lambda message: None)
    started = time.monotonic()
    cache = cache or cache_dir()
    homes = cache / "homes"
    sweep(homes)
    jars_s = cached_jars(cache, say)
    homes.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="home-", dir=homes))
    claim = _claim(home)
    cfg = None
    with ExitOnSignals() as signals:
        try:
            (home / "lib").symlink_to(_home_config(cache).lib, target_is_directory=True)
            bolt_port, http_port = free_ports(_home_config(home).listen)
            cfg = dataclasses.replace(_home_config(home, bolt_port, http_port, secrets.token_urlsafe(18)),
                                      stop_timeout_s=STOP_TIMEOUT_S)
            result = start(cfg, progress=say, user=DEFAULT_USER)
            settings = Neo4jSettings(uri=cfg.bolt_uri, user=DEFAULT_USER, password=cfg.password)
            yield PrivateServer(cfg, settings, result.agent, time.monotonic() - started, jars_s)
        finally:
            signals.shield()  # a second Ctrl-C must not leave the server running
            try:
                if cfg is not None:
                    say(f"Stopping the private Neo4j server and deleting {home} ...")
                    stop(cfg)
            finally:
                shutil.rmtree(home, ignore_errors=True)
                claim.close()
