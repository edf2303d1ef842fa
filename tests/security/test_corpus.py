"""The attack corpus on both stores and both channels: every entry refused with one line, the graph's
checksum unchanged, no canary file content in any answer, no connection to the canary HTTP server.

Default suite: the agents' run_cypher tool over the whole corpus on the isolated embedded store (as
``crmarena run`` opens it) and ``crmarena query`` in process on a sample per class. Marked ``neo4j``:
run_cypher and ``crmarena query`` over the whole corpus on the real server.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from crmarena.agents.tools.runtime import call_tool
from crmarena.agents.tools import tools_by_name
from crmarena.cli.main import main
from crmarena.store import open_store
from crmarena.store.checksum import content_digest
from tests.security.corpus import CANARY_TEXT, load_corpus, sample

CLASSES = ("lookalike", "line_terminators", "comments", "string_escapes", "call_show_admin", "load",
           "parameter_smuggling", "resource_exhaustion")
LEAKS = (CANARY_TEXT, "server.memory", "dbms.security", "root:x:0:0", '"user"')


def test_corpus_is_versioned_and_covers_every_class():
    data = load_corpus()
    assert isinstance(data["version"], int) and data["version"] >= 1
    assert set(data["classes"]) == set(CLASSES)
    assert sum(len(v) for v in data["classes"].values()) >= 120
    assert all(len(v) >= 8 for v in data["classes"].values())


def _leaks(text: str) -> list[str]:
    return [m for m in LEAKS if m in text]


def _via_tool(store, attack) -> tuple[bool, str]:
    """(refused, answer text): run_cypher as agents call it; parameters go straight to the store."""
    if attack.params:
        try:
            return False, json.dumps(store.run(attack.text, attack.params, timeout=10), default=str)
        except Exception as e:  # noqa: BLE001 -- the refusal is the expected outcome
            return "\n" not in str(e), str(e)
    obs = call_tool(tools_by_name("general")["run_cypher"], {"query": attack.text}, store)
    return (not obs.ok and obs.text.startswith("Error: ") and "\n" not in obs.text), obs.text


def _via_cli(capsys, attack, store: str, org) -> tuple[bool, str]:
    """(refused, stdout + stderr) of ``crmarena query`` run in process."""
    argv = ["query", "--store", store, "--org", str(org), "--format", "json", "--timeout", "10"]
    for k, v in attack.params.items():
        argv += ["--param", f"{k}={json.dumps(v)}"]
    with pytest.raises(SystemExit) as e:
        main(argv + [attack.text])
    out = capsys.readouterr()
    err_lines = out.err.strip().splitlines()
    refused = (e.value.code == 2 and len(err_lines) == 1 and err_lines[0].startswith("crmarena: error: ")
               and "Traceback" not in out.err)
    return refused, out.out + out.err


def _inert_answer(text: str) -> bool:
    """An inert entry's answer: rows of plain strings or numbers, no file content (checked apart)."""
    try:
        rows, _ = json.JSONDecoder().raw_decode(text[text.index("["):])   # stderr's "org: ..." line follows
    except ValueError:
        return False
    return isinstance(rows, list) and len(rows) == 1 and all(isinstance(v, (str, int)) for v in rows[0].values())


LAYERS = (("bounds", ("than the limit of",)),
          ("plan", ("the plan holds", "is not allowed", "classifies it as", "on the database", "no plan")),
          ("resource", ("memory", "heap", "exceeded its", "MemoryPool")),
          ("lexical", ("refused:", "cannot read the Cypher text")))


def _layer(text: str) -> str:
    """Which guard answered (for the report): bounds, lexical, plan, resource, else the engine's error."""
    for name, marks in LAYERS:
        if any(m in text for m in marks):
            return name
    return "engine error"


def _assert_refused_everywhere(run, store, attacks, canary_server, channel: str, *,
                               harmless_reads: bool = False) -> Counter:
    digest = content_digest(store)
    before = canary_server.connections
    refused, layers, escapes = Counter(), Counter(), []
    for attack in attacks:
        ok, text = run(attack)
        leaks = _leaks(text)
        if leaks:
            escapes.append(f"{attack.label} -> leaked {leaks}")
        elif ok:
            refused[attack.kind] += 1
            layers[_layer(text)] += 1
        elif attack.inert and _inert_answer(text):
            refused["inert " + attack.kind] += 1
        elif harmless_reads and _inert_answer(text):   # the engine read the attack as a comment or string
            refused["inert " + attack.kind] += 1
            layers["ran as a harmless read"] += 1
        else:
            escapes.append(f"{attack.label} -> {text[:120]!r}")
    assert escapes == [], f"{channel}: {len(escapes)} not refused: " + "; ".join(escapes[:5])
    assert canary_server.connections == before, f"{channel}: the canary HTTP server was reached"
    assert content_digest(store) == digest
    print(f"\n{channel}: refused {sum(refused.values())}/{len(attacks)}: {dict(refused)}; by {dict(layers)}")
    return refused


@pytest.fixture(scope="module")
def isolated_embedded(security_org):
    with open_store("embedded", org_dir=security_org, isolated=True) as store:
        yield store


def test_run_cypher_refuses_the_whole_corpus_on_embedded(isolated_embedded, corpus, canary_server):
    counts = _assert_refused_everywhere(lambda a: _via_tool(isolated_embedded, a), isolated_embedded, corpus,
                                        canary_server, "run_cypher x embedded")
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES)


def test_query_command_refuses_a_sample_per_class_on_embedded(capsys, isolated_embedded, corpus, canary_server,
                                                              security_org):
    attacks = sample(corpus, 2)
    counts = _assert_refused_everywhere(lambda a: _via_cli(capsys, a, "embedded", security_org), isolated_embedded,
                                        attacks, canary_server, "crmarena query x embedded")
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES)


def test_legitimate_reads_still_run_on_both_channels(capsys, isolated_embedded, security_org):
    q = "MATCH (c:Case) WHERE c.status <> 'x' RETURN count(c) AS n"
    assert isolated_embedded.run(q)[0]["n"] == 60
    with pytest.raises(SystemExit) as e:
        main(["query", "--org", str(security_org), "--format", "json", q])
    assert e.value.code == 0 and json.loads(capsys.readouterr().out) == [{"n": 60}]


@pytest.mark.neo4j
def test_run_cypher_refuses_the_whole_corpus_on_neo4j(neo4j_security_store, corpus, canary_server):
    counts = _assert_refused_everywhere(lambda a: _via_tool(neo4j_security_store, a), neo4j_security_store,
                                        corpus, canary_server, "run_cypher x neo4j")
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES)


@pytest.mark.neo4j
def test_query_command_refuses_the_whole_corpus_on_neo4j(capsys, neo4j_security_store, corpus, canary_server,
                                                         security_org):
    counts = _assert_refused_everywhere(lambda a: _via_cli(capsys, a, "neo4j", security_org), neo4j_security_store,
                                        corpus, canary_server, "crmarena query x neo4j")
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES)


# The lexical pre-check answers most of the corpus first; these prove the engine's plan check holds
# without it (resource exhaustion stays with the worker tests: in process it has no memory cap). With
# no pre-check, Neo4j reads some attacks' tails as comments and runs the harmless head: allowed here,
# as long as nothing leaks, nothing is fetched and the graph is unchanged.
def _without_pre_check(monkeypatch, module: str) -> None:
    monkeypatch.setattr(f"crmarena.store.{module}.check_read_only", lambda cypher: None)


def _plan_only(corpus):
    return [a for a in corpus if a.kind != "resource_exhaustion"]


def test_the_plan_check_alone_refuses_the_corpus_on_embedded(monkeypatch, security_org, corpus, canary_server):
    _without_pre_check(monkeypatch, "embedded")
    with open_store("embedded", org_dir=security_org) as store:
        counts = _assert_refused_everywhere(lambda a: _via_tool(store, a), store, _plan_only(corpus), canary_server,
                                            "run_cypher x embedded, no pre-check")
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES) - {"resource_exhaustion"}


@pytest.mark.neo4j
def test_the_plan_check_alone_refuses_the_corpus_on_neo4j(monkeypatch, neo4j_security_store, corpus,
                                                          canary_server):
    _without_pre_check(monkeypatch, "neo4j_store")
    counts = _assert_refused_everywhere(lambda a: _via_tool(neo4j_security_store, a), neo4j_security_store,
                                        _plan_only(corpus), canary_server, "run_cypher x neo4j, no pre-check",
                                        harmless_reads=True)
    assert {k for k in counts if not k.startswith("inert")} == set(CLASSES) - {"resource_exhaustion"}
