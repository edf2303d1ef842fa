"""End to end in headless Chromium against the real Neo4j Browser served by the local server:
connect, open the crmarena guide with :play, click one of its queries, run it, and check that
nodes render. The screenshot is kept as a test artefact (CRMARENA_ARTIFACT_DIR, else tmp)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def guide_url():
    from crmarena.studies.guide_server import serve_in_background

    server = serve_in_background(port=0)
    yield f"http://127.0.0.1:{server.server_address[1]}/guide.html"
    server.shutdown()
    server.server_close()


def test_guide_query_renders_nodes_in_neo4j_browser(neo4j_org, neo4j_settings, guide_url, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "Debian's chromium is required for the Browser test (.ci/run installs it)"
    from crmarena.settings import HTTP_PORT

    artefacts = Path(os.environ.get("CRMARENA_ARTIFACT_DIR", tmp_path))
    artefacts.mkdir(parents=True, exist_ok=True)
    host = neo4j_settings.uri.split("://", 1)[1]
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                       headless=True, args=FLAGS,
                                                       viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{HTTP_PORT}/browser/?dbms=neo4j://{neo4j_settings.user}@{host}",
                      timeout=60_000)
            page.get_by_test_id("password").fill(neo4j_settings.password, timeout=30_000)
            page.get_by_test_id("connect").click()
            page.get_by_text("neo4j$").first.wait_for(timeout=30_000)

            editor = page.locator(".monaco-editor textarea").first
            editor.click()
            page.keyboard.type(f":play {guide_url}")
            page.keyboard.press("Enter")
            page.get_by_text("Exploring a crmarena org").first.wait_for(timeout=30_000)
            page.get_by_test_id("nextSlide").first.click()
            page.locator("pre.runnable:visible").first.click()
            page.get_by_test_id("editor-Run").first.click()
            nodes = page.locator("svg g.node")
            nodes.first.wait_for(timeout=30_000)
            count = nodes.count()
            page.screenshot(path=str(artefacts / "browser-guide-query.png"))
        finally:
            context.close()
    assert count > 1
