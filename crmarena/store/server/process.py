"""Run the server: free-port checks, the java command line, the pid file, waiting for Bolt, stopping."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from crmarena.errors import CrmarenaError
from crmarena.store.server.config import ServerConfig, parse_conf

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (a bind there fails with EADDRINUSE)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as e:
            if e.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def check_ports_free(cfg: ServerConfig) -> None:
    """Raise a one-line CrmarenaError when another program holds the Bolt or HTTP port."""
    for name, port in (("Bolt", cfg.bolt_port), ("HTTP", cfg.http_port)):
        if port_in_use(cfg.listen, port):
            raise CrmarenaError(f"port {port} ({name}) on {cfg.listen} is already in use by another program, "
                                f"not by the crmarena Neo4j server in {cfg.home}; stop that program first")


def java_command(cfg: ServerConfig, java: str) -> list[str]:
    """The server's command line: heap and JVM flags from the rendered neo4j.conf and server.yaml."""
    conf = parse_conf(cfg.conf_file.read_text(encoding="utf-8"))
    heap = [f"-Xms{conf['server.memory.heap.initial_size']}", f"-Xmx{conf['server.memory.heap.max_size']}"]
    return [java, *heap, *cfg.jvm_options, "-Dfile.encoding=UTF-8", "-cp", f"{cfg.lib}/*", MAIN_CLASS,
            f"--home-dir={cfg.home}", f"--config-dir={cfg.conf_dir}"]


def read_pid(cfg: ServerConfig) -> int | None:
    try:
        return int(cfg.pid_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def _is_our_server(pid: int, cfg: ServerConfig) -> bool:
    """The pid is alive and is a Neo4j server of this home (guards against a reused pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    args = [a.decode(errors="replace") for a in cmdline]
    return MAIN_CLASS in args and f"--home-dir={cfg.home}" in args


def running_pid(cfg: ServerConfig) -> int | None:
    """The pid of this home's running server, or None (a stale pid file is removed)."""
    pid = read_pid(cfg)
    if pid is None:
        return None
    if _is_our_server(pid, cfg):
        return pid
    cfg.pid_file.unlink(missing_ok=True)
    return None


def spawn(cfg: ServerConfig, java: str) -> subprocess.Popen:
    """Start the JVM detached from this terminal, output appended to logs/console.log; write the pid file."""
    cfg.logs.mkdir(parents=True, exist_ok=True)
    with open(cfg.console_log, "ab") as log:
        log.write(f"\n--- crmarena neo4j start {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n".encode())
        log.flush()
        proc = subprocess.Popen(java_command(cfg, java), stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, cwd=cfg.home, start_new_session=True, close_fds=True)
    tmp = cfg.pid_file.with_suffix(".tmp")
    tmp.write_text(f"{proc.pid}\n", encoding="utf-8")
    tmp.replace(cfg.pid_file)
    return proc


def last_log_line(cfg: ServerConfig) -> str:
    """The most telling line of console.log (an ERROR if any, else the last line) for one-line errors."""
    try:
        lines = [ln.strip() for ln in cfg.console_log.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return "no console.log"
    lines = lines[max(i for i, ln in enumerate(lines) if ln.startswith("--- crmarena")) + 1:] if any(
        ln.startswith("--- crmarena") for ln in lines) else lines
    errors = [ln for ln in lines if " ERROR " in ln or "Exception" in ln or ln.startswith("Error")]
    pick = errors[0] if errors else (lines[-1] if lines else "(empty)")
    return pick[:300]


def wait_for_bolt(cfg: ServerConfig, proc: subprocess.Popen | None, user: str) -> str:
    """Poll until Bolt answers with the configured password; return the server's agent string."""
    from crmarena.store.server.connect import probe

    deadline = time.monotonic() + cfg.start_timeout_s
    while True:
        if proc is not None and proc.poll() is not None:
            cfg.pid_file.unlink(missing_ok=True)
            raise CrmarenaError(f"Neo4j exited during start (code {proc.returncode}): {last_log_line(cfg)} "
                                f"(see {cfg.console_log})")
        agent = probe(cfg.bolt_uri, user, cfg.password, timeout=5.0)
        if agent is not None:
            return agent
        if time.monotonic() > deadline:
            raise CrmarenaError(f"Neo4j did not answer on {cfg.bolt_uri} within {cfg.start_timeout_s:.0f} s; "
                                f"it is left running for inspection (see {cfg.console_log}; "
                                "'crmarena neo4j stop' ends it)")
        time.sleep(0.5)


def terminate(cfg: ServerConfig, pid: int) -> str:
    """SIGTERM, wait for a clean shutdown (checkpoint), SIGKILL after the timeout; remove the pid file."""
    how = "stopped"
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        cfg.pid_file.unlink(missing_ok=True)
        return how
    deadline = time.monotonic() + cfg.stop_timeout_s
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            how = "killed (did not stop within %.0f s)" % cfg.stop_timeout_s
            while _alive(pid):
                time.sleep(0.1)
            break
        time.sleep(0.2)
    cfg.pid_file.unlink(missing_ok=True)
    return how


def _alive(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is as good as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    version: str | None
    home: Path
    bolt_uri: str
    browser_url: str
    answering: bool
    detail: str = ""
