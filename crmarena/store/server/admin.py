"""``neo4j-admin`` (org.neo4j.cli.AdminTool) against the local server's home and configuration."""

from __future__ import annotations

import os
import subprocess

from crmarena.errors import CrmarenaError
from crmarena.store.server.config import ServerConfig, load_config, write_conf
from crmarena.store.server.obtain import find_java, obtain

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# Flags neo4j-admin needs on Java 17+ (the same as the server's).
ADMIN_JVM_OPTIONS = ("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                     "--add-opens=java.base/java.io=ALL-UNNAMED", "-Dfile.encoding=UTF-8")


def admin(args: list[str], cfg: ServerConfig | None = None, heap: str = "1g", check: bool = False,
          timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``neo4j-admin ARGS`` (e.g. ``["database", "import", "full", ...]``) with the server's home and conf.

    Output is captured (text). Obtains the server first if needed. With ``check=True`` a non-zero exit
    becomes a one-line CrmarenaError. Commands that write a database (import) need the server stopped.
    """
    cfg = cfg or load_config()
    java = find_java()
    obtain(cfg)
    write_conf(cfg)
    env = dict(os.environ, NEO4J_HOME=str(cfg.home), NEO4J_CONF=str(cfg.conf_dir))
    env.pop("JAVA_OPTS", None)
    cmd = [java, f"-Xmx{heap}", *ADMIN_JVM_OPTIONS, "-cp", f"{cfg.lib}/*", ADMIN_CLASS, *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cfg.home, timeout=timeout)
    if check and proc.returncode != 0:
        # the command, not its options (an import's file lists run to pages); never the password
        words = [a if a != cfg.password else "***" for a in map(str, args) if not a.startswith("--")]
        log = cfg.logs / f"neo4j-admin-{'-'.join(words[:2])}.log"
        try:
            cfg.logs.mkdir(parents=True, exist_ok=True)
            log.write_text(proc.stdout + "\n" + proc.stderr)
            where = f" (its output: {log})"
        except OSError:
            where = ""
        raise CrmarenaError(f"neo4j-admin {' '.join(words)} failed (exit {proc.returncode}): "
                            f"{_first_error(proc)}{where}")
    return proc


def set_initial_password(cfg: ServerConfig) -> None:
    """Set the neo4j user's password before the first start (no-op once the auth store exists)."""
    if cfg.auth_file.exists():
        return
    # "--" ends the options: a password that starts with "-" (secrets.token_urlsafe gives one in 64
    # private servers) is otherwise read as an unknown option and the command exits 64.
    admin(["dbms", "set-initial-password", "--", cfg.password], cfg=cfg, check=True, timeout=300)


def _first_error(proc: subprocess.CompletedProcess) -> str:
    lines = [ln.strip() for ln in (proc.stderr + "\n" + proc.stdout).splitlines() if ln.strip()]
    for ln in [ln for ln in lines if "exception" in ln.lower()] + [ln for ln in lines if "error" in ln.lower()]:
        if not ln.startswith("WARNING"):
            return ln[:300]
    return lines[-1][:300] if lines else "no output"
