"""docker/: the compose file and the app image, checked statically against the project's settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from crmarena.settings import BOLT_PORT, DEFAULT_PASSWORD, DEFAULT_USER, HTTP_PORT
from crmarena.store.server.config import load_config, parse_conf, render_conf

DOCKER = Path(__file__).resolve().parents[1] / "docker"
# Local-server settings that are about its own folders and network binding, not about safety.
LOCAL_ONLY = re.compile(r"^server\.directories\.|listen_address$|advertised_address$|^server\.(bolt|http)\.enabled$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def _setting(env_name: str) -> str:
    """The neo4j.conf key the official image derives from NEO4J_<name> (_ is '.', __ is '_')."""
    return env_name.removeprefix("NEO4J_").replace("__", "\0").replace("_", ".").replace("\0", "_")


def test_neo4j_service_image_ports_and_volumes(compose):
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert sorted(neo4j["ports"]) == sorted([f"127.0.0.1:{HTTP_PORT}:7474", f"127.0.0.1:{BOLT_PORT}:7687"])
    mounts = {v.split(":")[1] for v in neo4j["volumes"]}
    assert mounts == {"/data", "/logs"}
    assert "test" in neo4j["healthcheck"] and "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])


def test_auth_from_user_and_password_with_a_safe_default(compose):
    env = compose["services"]["neo4j"]["environment"]
    assert env["NEO4J_AUTH"] == f"${{NEO4J_USER:-{DEFAULT_USER}}}/${{NEO4J_PASSWORD:-{DEFAULT_PASSWORD}}}"
    assert DEFAULT_PASSWORD != "neo4j" and len(DEFAULT_PASSWORD) >= 8
    assert "NEO4J_USER" not in env and "NEO4J_PASSWORD" not in env  # the image would read them as settings


def test_same_safety_settings_as_the_local_server(compose, tmp_path):
    env = compose["services"]["neo4j"]["environment"]
    docker_settings = {_setting(k): str(v) for k, v in env.items() if k != "NEO4J_AUTH"}
    local = parse_conf(render_conf(load_config(home_dir=tmp_path, password="x" * 8)))
    safety = {k: v for k, v in local.items() if not LOCAL_ONLY.search(k)}
    assert "dbms.security.allow_csv_import_from_file_urls" in safety and "db.transaction.timeout" in safety
    for key, value in safety.items():
        assert docker_settings.get(key) == value, key
    assert not any(k.startswith("NEO4J_PLUGINS") or "plugins" in k for k in env)


def test_app_service_talks_to_the_neo4j_service(compose):
    app = compose["services"]["app"]
    assert app["build"]["dockerfile"] == "docker/Dockerfile"
    assert (DOCKER / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == DOCKER / "Dockerfile"
    assert app["environment"]["NEO4J_URI"] == f"bolt://neo4j:{BOLT_PORT}"
    assert {"NEO4J_USER", "NEO4J_PASSWORD"} <= set(app["environment"])
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_app_command_is_a_valid_crmarena_command(compose):
    from crmarena.cli.main import cli

    args = compose["services"]["app"]["command"]
    assert args[0] == "crmarena"
    command = cli.commands[args[1]]
    command.make_context(args[1], list(args[2:]))  # raises on an unknown option or value


def test_dockerfile_is_python_311_and_installs_the_package():
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11(-slim)?\b", text, re.M)
    assert re.search(r"^COPY crmarena ", text, re.M) and re.search(r"pip install \.", text)
    assert re.search(r"^ENV NEO4J_URI=bolt://neo4j:%d$" % BOLT_PORT, text, re.M)
