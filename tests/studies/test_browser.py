import urllib.request

import pytest

from crmarena.graph_schema import load_schema
from crmarena.studies.browser import GRASS_FILE, GUIDE_FILE, asset_dir, guide_queries, render_grass, render_guide


def test_committed_assets_match_their_data():
    assert (asset_dir() / GRASS_FILE).read_text() == render_grass()
    assert (asset_dir() / GUIDE_FILE).read_text() == render_guide()


def test_style_covers_every_label_with_a_caption():
    grass = render_grass()
    for label in load_schema().labels:
        block = grass.split(f"node.{label} {{", 1)[1].split("}", 1)[0]
        assert "caption:" in block and "color: #" in block


def test_style_captions_are_properties_of_their_label():
    import yaml

    style = yaml.safe_load((asset_dir() / "style.yaml").read_text())["labels"]
    for label, s in style.items():
        props = {"id"} | {p.name for p in load_schema().node(label).properties}
        assert s["caption"] in props, (label, s["caption"])


def test_guide_has_runnable_queries_for_each_task_family():
    guide = render_guide()
    assert guide.count('class="pre-scrollable code runnable') == len(guide_queries())
    for family in ("case routing", "handle time", "transfer count", "named entity", "policy violation",
                   "knowledge QA", "top issue", "monthly trend", "best region"):
        assert f"Task: {family}" in guide


def test_guide_server_serves_with_cors():
    from crmarena.studies.guide_server import serve_in_background

    server = serve_in_background(port=0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{GUIDE_FILE}", timeout=5) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "*"
            assert b'<article class="guide"' in r.read()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.neo4j
def test_every_guide_query_runs_on_neo4j(neo4j_driver):
    """The guide's queries are valid Cypher for the real server (EXPLAIN compiles them, no data needed)."""
    with neo4j_driver.session(default_access_mode="READ") as s:
        for q in guide_queries():
            s.run("EXPLAIN " + q).consume()
