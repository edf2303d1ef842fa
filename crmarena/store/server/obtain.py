"""Obtain the server: find Java 17+ and Maven, assemble the Neo4j jars from Maven Central into <home>/lib.

Neo4j publishes no distribution tarball on Maven Central, so the jars the official Community assembly
is built from are resolved with the machine's ``mvn`` (pom.xml beside this module) and copied into the
home. A marker file records the version; an interrupted download never leaves a half-filled lib/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from crmarena.errors import CrmarenaError
from crmarena.store.server.config import ServerConfig, data_text

COMPOSE_HINT = "or run Neo4j with Docker instead: docker compose -f docker/compose.yaml up -d neo4j"
MARKER = ".crmarena-neo4j-version"
MIN_JAVA = 17


def find_java() -> str:
    """The java executable ($JAVA_HOME/bin/java, else java on PATH), checked to be Java 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if not java:
        raise CrmarenaError(f"Java {MIN_JAVA}+ is needed to run Neo4j but no 'java' was found on PATH; "
                            f"install OpenJDK {MIN_JAVA} or 21, {COMPOSE_HINT}")
    major = java_major_version(java)
    if major < MIN_JAVA:
        raise CrmarenaError(f"Neo4j 5.26 needs Java {MIN_JAVA} or 21 but {java} is Java {major}; {COMPOSE_HINT}")
    return java


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise CrmarenaError(f"cannot tell the version of {java}: {(out.stderr or out.stdout).strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_maven() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise CrmarenaError("Maven ('mvn') is needed once to obtain Neo4j from Maven Central but was not found "
                            f"on PATH; install Maven 3.8+, {COMPOSE_HINT}")
    return mvn


def installed_version(cfg: ServerConfig) -> str | None:
    """The Neo4j version in <home>/lib, or None when nothing (complete) is there."""
    marker = cfg.lib / MARKER
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


def is_obtained(cfg: ServerConfig) -> bool:
    return installed_version(cfg) == cfg.version


def obtain(cfg: ServerConfig, quiet: bool = True) -> float | None:
    """Make sure <home>/lib holds Neo4j ``cfg.version``; return seconds spent, None if already there."""
    if is_obtained(cfg):
        return None
    mvn = find_maven()
    started = time.monotonic()
    build = cfg.home / "build"
    build.mkdir(parents=True, exist_ok=True)
    (build / "pom.xml").write_text(data_text("pom.xml"), encoding="utf-8")
    partial = cfg.home / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    cmd = [mvn, "-B", "-f", str(build / "pom.xml"), "dependency:copy-dependencies",
           f"-DoutputDirectory={partial}", f"-Dneo4j.version={cfg.version}",
           f"-Dneo4j-browser.version={cfg.browser_version}"]
    if quiet:
        cmd.insert(1, "-q")
    proc = subprocess.run(cmd, capture_output=quiet, text=True)
    if proc.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        detail = _maven_error(proc.stdout or "") if quiet else "see the Maven output above"
        raise CrmarenaError(f"obtaining Neo4j {cfg.version} from Maven Central failed: {detail}")
    jars = sorted(p.name for p in partial.glob("*.jar"))
    needed = [f"neo4j-server-{cfg.version}.jar", f"neo4j-import-tool-{cfg.version}.jar",
              f"neo4j-bootcheck-{cfg.version}.jar", f"neo4j-browser-{cfg.browser_version}.jar"]
    missing = [j for j in needed if j not in jars]
    if missing:
        shutil.rmtree(partial, ignore_errors=True)
        raise CrmarenaError(f"Maven resolved Neo4j without {', '.join(missing)}; check {build / 'pom.xml'}")
    (partial / MARKER).write_text(cfg.version + "\n", encoding="utf-8")
    if cfg.lib.exists():
        shutil.rmtree(cfg.lib)
    partial.rename(cfg.lib)
    return time.monotonic() - started


def _maven_error(output: str) -> str:
    lines = [ln.removeprefix("[ERROR] ").strip() for ln in output.splitlines() if ln.startswith("[ERROR]")]
    lines = [ln for ln in lines if ln and not ln.startswith(("->", "To see", "Re-run", "For more", "[Help"))]
    return lines[0][:300] if lines else "mvn exited with an error (rerun without -q to see its output)"
