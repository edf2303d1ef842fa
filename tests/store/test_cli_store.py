"""``crmarena load`` and ``crmarena query`` from the outside: formats, parameters, default org, refusals."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.store.synthetic_org import write_synthetic_org


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = dict(os.environ, XDG_DATA_HOME=str(home))
    env.pop("CRMARENA_ORG", None)
    return env


@pytest.fixture(scope="module")
def cli_org(tmp_path_factory):
    d = tmp_path_factory.mktemp("cliorg")
    write_synthetic_org(d, cases=25, seed=5)
    return d


def crmarena(env, *args):
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True, env=env)


def one_line_error(out):
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crmarena: error:"), out.stderr
    return lines[0]


def test_query_without_any_org_is_a_clear_error(cli_env):
    line = one_line_error(crmarena(cli_env, "query", "RETURN 1 AS x"))
    assert "--org" in line and "CRMARENA_ORG" in line


def test_load_then_query_the_last_org(cli_env, cli_org):
    out = crmarena(cli_env, "load", str(cli_org), "-q")
    assert out.returncode == 0, out.stderr
    assert (cli_org / "graph.lbug").is_file()
    res = crmarena(cli_env, "query", "--format", "json", "MATCH (c:Case) RETURN count(c) AS n")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == [{"n": 25}]


def test_crmarena_org_and_flag_choose_the_org(cli_env, cli_org, tmp_path):
    env = dict(cli_env, CRMARENA_ORG=str(tmp_path))       # no graph there
    assert "crmarena load" in one_line_error(crmarena(env, "query", "RETURN 1 AS x"))
    ok = crmarena(env, "query", "--org", str(cli_org), "--format", "json", "MATCH (u:User) RETURN count(u) AS n")
    assert ok.returncode == 0 and json.loads(ok.stdout)[0]["n"] > 0


def test_formats_and_params(cli_env, cli_org):
    q = ("MATCH (c:Case) WHERE c.createdDate >= $since AND c.status IN $statuses "
         "RETURN c.id AS id, c.createdDate AS created ORDER BY id LIMIT 3")
    args = ["query", "--org", str(cli_org), "--param", "since=2021-06-01T00:00:00Z",
            "--param", 'statuses=["Closed", "New"]', q]
    js = crmarena(cli_env, *args[:1], "--format", "json", *args[1:])
    assert js.returncode == 0, js.stderr
    rows = json.loads(js.stdout)
    assert rows and all(r["created"] >= "2021-06-01T00:00:00+00:00" for r in rows)
    cs = crmarena(cli_env, *args[:1], "--format", "csv", *args[1:])
    assert list(csv.DictReader(io.StringIO(cs.stdout))) == [{k: str(v) for k, v in r.items()} for r in rows]
    table = crmarena(cli_env, *args)
    assert table.returncode == 0 and rows[0]["id"] in table.stdout


@pytest.mark.parametrize("attack", ["CREATE (x:Hack) RETURN x", "MATCH (c:Case) SET c.status='X' RETURN count(c)",
                                    "MATCH (n) DETACH DELETE n", "CALL db.createLabel('Hack')",
                                    "CREATE INDEX hack FOR (n:Hack) ON (n.x)"])
def test_writes_refused_with_exit_2(cli_env, cli_org, attack):
    assert "refused" in one_line_error(crmarena(cli_env, "query", "--org", str(cli_org), attack))


@pytest.mark.parametrize("args, words", [
    (["query", "MATCH (c:Case RETURN c"], "failed"),
    (["query", "--param", "nokey", "RETURN 1"], "NAME=VALUE"),
    (["load", "/nonexistent/org"], "does not exist"),
    (["load", ".", "--admin-import"], "neo4j only"),
])
def test_bad_input_is_one_line(cli_env, cli_org, args, words):
    if args[0] == "query":
        args = [args[0], "--org", str(cli_org), *args[1:]]
    if args[:2] == ["load", "."]:
        args = ["load", str(cli_org), "--admin-import"]
    assert words in one_line_error(crmarena(cli_env, *args))


@pytest.mark.neo4j
def test_query_neo4j_json(cli_env, cli_org):
    out = crmarena(cli_env, "load", str(cli_org), "--store", "neo4j", "-q")
    assert out.returncode == 0, out.stderr
    res = crmarena(cli_env, "query", "--store", "neo4j", "--format", "json", "MATCH (c:Case) RETURN count(c) AS n")
    assert json.loads(res.stdout) == [{"n": 25}]
    assert "refused" in one_line_error(crmarena(cli_env, "query", "--store", "neo4j", "MERGE (x:Hack {id: 1})"))
