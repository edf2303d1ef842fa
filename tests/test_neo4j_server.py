"""The local Neo4j server: configuration, environment checks, and (marked neo4j) the running server itself."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from crmarena.errors import CrmarenaError
from crmarena.store.server import config as server_config
from crmarena.store.server.config import load_config, parse_conf, render_conf
from crmarena.store.server.obtain import find_java, find_maven
from crmarena.store.server.process import check_ports_free, java_command, port_in_use

PASSWORD = "unit-test-password"


@pytest.fixture
def cfg(tmp_path):
    return load_config(home_dir=tmp_path / "home", password=PASSWORD)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_line(e: pytest.ExceptionInfo) -> str:
    message = str(e.value)
    assert "\n" not in message
    return message


# --- Configuration rendering ----------------------------------------------------------------------

def test_conf_has_every_safety_setting(cfg):
    conf = parse_conf(render_conf(cfg))
    defaults = yaml.safe_load(server_config.data_text("server.yaml"))
    expected = {
        "dbms.security.auth_enabled": "true",
        "dbms.security.allow_csv_import_from_file_urls": "false",
        "dbms.security.procedures.unrestricted": "",
        "server.https.enabled": "false",
        "server.bolt.tls_level": "DISABLED",
        "dbms.usage_report.enabled": "false",
        "db.transaction.timeout": defaults["transactions"]["timeout"],
        "db.transaction.concurrent.maximum": str(defaults["transactions"]["concurrent_maximum"]),
        "server.memory.heap.max_size": defaults["memory"]["heap_max"],
        "server.memory.pagecache.size": defaults["memory"]["pagecache"],
        "browser.post_connect_cmd": "",
        "browser.remote_content_hostname_whitelist": "localhost,127.0.0.1",
        "server.directories.plugins": f"{cfg.home}/plugins",
        "server.directories.logs": f"{cfg.home}/logs",
        "server.directories.data": f"{cfg.home}/data",
    }
    for key, value in expected.items():
        assert conf.get(key) == value, key
    assert PASSWORD not in render_conf(cfg)


def test_conf_listens_on_loopback_only(cfg):
    conf = parse_conf(render_conf(cfg))
    addresses = {k: v for k, v in conf.items() if k.endswith(("listen_address", "advertised_address"))}
    assert {"server.default_listen_address", "server.bolt.listen_address", "server.http.listen_address"} <= set(addresses)
    for key, value in addresses.items():
        assert value.split(":")[0] == "127.0.0.1", (key, value)
    assert conf["server.bolt.listen_address"] == f"127.0.0.1:{cfg.bolt_port}"
    assert conf["server.http.listen_address"] == f"127.0.0.1:{cfg.http_port}"


def test_java_command_runs_the_community_entry_point_with_the_conf_heap(cfg):
    server_config.write_conf(cfg)
    cmd = java_command(cfg, "/usr/bin/java")
    assert cmd[0] == "/usr/bin/java" and "-Xmx1g" in cmd and "-Xms512m" in cmd
    assert cmd[cmd.index("-cp") + 1] == f"{cfg.lib}/*"
    assert "org.neo4j.server.CommunityEntryPoint" in cmd
    assert f"--home-dir={cfg.home}" in cmd and f"--config-dir={cfg.conf_dir}" in cmd


# --- Environment checks ---------------------------------------------------------------------------

def test_port_in_use_is_a_one_line_error(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        busy = holder.getsockname()[1]
        cfg = load_config(home_dir=tmp_path, bolt_port=busy, http_port=_free_port(), password=PASSWORD)
        assert port_in_use("127.0.0.1", busy)
        with pytest.raises(CrmarenaError) as e:
            check_ports_free(cfg)
        message = _one_line(e)
        assert f"port {busy} (Bolt)" in message and "in use" in message
    assert not port_in_use("127.0.0.1", busy)
    check_ports_free(cfg)


def test_missing_java_names_the_docker_route(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(CrmarenaError) as e:
        find_java()
    assert "Java" in _one_line(e) and "docker/compose.yaml" in str(e.value)


def test_missing_maven_names_the_docker_route(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CrmarenaError) as e:
        find_maven()
    assert "Maven" in _one_line(e) and "docker/compose.yaml" in str(e.value)


def test_old_java_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
    fake.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(CrmarenaError) as e:
        find_java()
    assert "Java 11" in _one_line(e)


def _cli(*args, **env):
    """``crmarena ARGS`` in a subprocess with extra environment variables."""
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True,
                          env={**os.environ, **env})


def _one_line_exit_2(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 2, out
    assert out.stderr.startswith("crmarena: error:") and len(out.stderr.strip().splitlines()) == 1, out.stderr
    return out.stderr


def test_default_neo4j_password_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_PASSWORD", "neo4j")
    with pytest.raises(CrmarenaError):
        server_config.server_password()
    _one_line_exit_2(_cli("neo4j", "start", NEO4J_PASSWORD="neo4j", CRMARENA_NEO4J_HOME=str(tmp_path)))


def test_cli_start_on_a_busy_port_is_one_line_exit_2(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        busy = holder.getsockname()[1]
        out = _cli("neo4j", "start", CRMARENA_NEO4J_HOME=str(tmp_path / "home"),
                   NEO4J_URI=f"bolt://127.0.0.1:{busy}", CRMARENA_NEO4J_HTTP_PORT=str(_free_port()))
    message = _one_line_exit_2(out)
    assert f"port {busy}" in message or "Java" in message  # Java is checked first
    assert not (tmp_path / "home" / "lib").exists()  # nothing obtained before the checks pass


def test_cli_start_without_java_names_docker_compose(tmp_path):
    out = _cli("neo4j", "start", PATH=str(tmp_path), JAVA_HOME="", CRMARENA_NEO4J_HOME=str(tmp_path / "home"))
    assert "docker/compose.yaml" in _one_line_exit_2(out)


def test_cli_stop_and_status_when_not_running(tmp_path):
    home = str(tmp_path / "home")
    for _ in range(2):  # stop is idempotent
        out = _cli("neo4j", "stop", CRMARENA_NEO4J_HOME=home)
        assert out.returncode == 0 and "not running" in out.stdout
    out = _cli("neo4j", "status", CRMARENA_NEO4J_HOME=home)
    assert out.returncode == 0 and out.stdout.startswith("Neo4j is stopped")


def test_stale_pid_file_is_not_a_running_server(cfg):
    from crmarena.store.server.process import running_pid

    cfg.run_dir.mkdir(parents=True)
    cfg.pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a Neo4j server of this home
    assert running_pid(cfg) is None and not cfg.pid_file.exists()


def test_home_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMARENA_NEO4J_HOME", str(tmp_path / "elsewhere"))
    assert server_config.home() == (tmp_path / "elsewhere").resolve()
    monkeypatch.delenv("CRMARENA_NEO4J_HOME")
    assert server_config.home() == Path("~/.local/share/crmarena/neo4j-5.26").expanduser().resolve()


def test_memory_sizes_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CRMARENA_NEO4J_PAGECACHE", "4g")
    monkeypatch.setenv("CRMARENA_NEO4J_HEAP", "256m")
    conf = parse_conf(render_conf(load_config(tmp_path)))
    assert conf["server.memory.pagecache.size"] == "4g"
    assert conf["server.memory.heap.max_size"] == "256m" and conf["server.memory.heap.initial_size"] == "256m"
    monkeypatch.setenv("CRMARENA_NEO4J_PAGECACHE", "lots")
    with pytest.raises(CrmarenaError, match="CRMARENA_NEO4J_PAGECACHE='lots' is not a size"):
        load_config(tmp_path)


def test_ports_follow_neo4j_uri_on_this_machine_only(monkeypatch):
    from crmarena.settings import BOLT_PORT, HTTP_PORT

    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CRMARENA_NEO4J_HTTP_PORT", raising=False)
    assert server_config.local_ports() == (BOLT_PORT, HTTP_PORT)
    monkeypatch.setenv("NEO4J_URI", "bolt://localhost:17687")
    monkeypatch.setenv("CRMARENA_NEO4J_HTTP_PORT", "17474")
    assert server_config.local_ports() == (17687, 17474)
    monkeypatch.setenv("NEO4J_URI", "bolt://neo4j:7687")
    with pytest.raises(CrmarenaError) as e:
        server_config.local_ports()
    assert "not on this machine" in _one_line(e)


# --- The running server (CRMARENA_NEO4J_TESTS=1, after `crmarena neo4j start`) ----------------------

def _scalar(driver, cypher, **params):
    records = driver.execute_query(cypher, params).records
    return records[0][0] if records else None


@pytest.mark.neo4j
def test_connects_with_the_configured_password(neo4j_settings):
    from crmarena.store.server import check_connection

    agent = check_connection(neo4j_settings.uri, neo4j_settings.user, neo4j_settings.password)
    assert agent.startswith("Neo4j/5.26.")


@pytest.mark.neo4j
def test_wrong_password_is_a_one_line_error(neo4j_settings):
    from crmarena.store.server import check_connection

    with pytest.raises(CrmarenaError) as e:
        check_connection(neo4j_settings.uri, neo4j_settings.user, neo4j_settings.password + "-wrong")
    assert "rejected the credentials" in _one_line(e)


@pytest.mark.neo4j
def test_schema_ddl_applies_twice_and_every_name_exists(neo4j_driver):
    from crmarena.graph_schema.ddl import ddl_statements
    from crmarena.graph_schema.model import load_schema

    statements = ddl_statements()
    for _ in range(2):
        for statement in statements:
            neo4j_driver.execute_query(statement)
    neo4j_driver.execute_query("CALL db.awaitIndexes(120)")
    names = [re.match(r"CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS", s).group(1)
             for s in statements]
    constraints = {r["name"] for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    indexes = {r["name"]: (r["type"], r["state"])
               for r in neo4j_driver.execute_query("SHOW INDEXES YIELD name, type, state").records}
    for statement, name in zip(statements, names):
        assert name in (constraints if statement.startswith("CREATE CONSTRAINT") else indexes), name
    fulltext = [f.name for f in load_schema().fulltext_indexes]
    assert {"knowledge_text", "product_text", "transcript_text"} <= set(fulltext)
    for name in fulltext:
        assert indexes[name] == ("FULLTEXT", "ONLINE")


@pytest.mark.neo4j
def test_load_csv_from_files_is_refused(neo4j_driver):
    from neo4j.exceptions import ClientError

    with pytest.raises(ClientError) as e:
        neo4j_driver.execute_query("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")
    assert "allow_csv_import_from_file_urls" in e.value.message


@pytest.mark.neo4j
def test_no_apoc(neo4j_driver):
    from neo4j.exceptions import ClientError

    assert _scalar(neo4j_driver, "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'apoc.' RETURN count(*)") == 0
    assert _scalar(neo4j_driver, "SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'apoc.' RETURN count(*)") == 0
    with pytest.raises(ClientError) as e:
        neo4j_driver.execute_query("CALL apoc.help('text')")
    assert "ProcedureNotFound" in e.value.code


@pytest.mark.neo4j
def test_server_settings_in_force(neo4j_driver):
    rows = neo4j_driver.execute_query("SHOW SETTINGS YIELD name, value RETURN name, value").records
    settings = {r["name"]: r["value"] for r in rows}
    timeout = yaml.safe_load(server_config.data_text("server.yaml"))["transactions"]["timeout"]
    assert _seconds(settings["db.transaction.timeout"]) == _seconds(timeout) > 0
    assert settings["dbms.security.allow_csv_import_from_file_urls"] == "false"
    assert settings["dbms.security.auth_enabled"] == "true"
    assert settings["server.https.enabled"] == "false"
    assert settings["server.bolt.listen_address"].startswith("127.0.0.1:")
    assert settings["server.http.listen_address"].startswith("127.0.0.1:")
    assert settings["browser.post_connect_cmd"] == ""


@pytest.mark.neo4j
def test_browser_is_served():
    with urllib.request.urlopen(load_config(password="").browser_url, timeout=10) as response:
        assert response.status == 200 and b"<html" in response.read().lower()


@pytest.mark.neo4j
def test_cli_status_says_running():
    out = subprocess.run([sys.executable, "-m", "crmarena", "neo4j", "status"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert re.search(r"Neo4j is running \(pid \d+, version 5\.26\.\d+", out.stdout), out.stdout
    cfg = load_config(password="")
    assert cfg.bolt_uri in out.stdout and cfg.browser_url in out.stdout


def _seconds(value: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", value.strip())
    assert match, value
    return float(match.group(1)) * units[match.group(2) or "ms"]


@pytest.mark.neo4j
def test_initial_password_starting_with_a_dash_is_set(tmp_path):
    """secrets.token_urlsafe (the private servers' passwords) starts with "-" once in 64 draws."""
    from crmarena.store.server.admin import set_initial_password
    from crmarena.store.server.config import write_conf

    lib = load_config().lib            # the jars `crmarena neo4j start` assembled for the running server
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(lib, target_is_directory=True)
    dashed = load_config(home_dir=home, password="-Ab3xY_unit-test")
    write_conf(dashed)
    set_initial_password(dashed)
    assert dashed.auth_file.is_file()
