"""Neo4j Browser assets of an org: a GRASS style sheet and a ``:play`` guide, rendered from data.

The style covers every label of the graph schema; the guide's slides hold clickable queries for
each task family and each latent's signature. Both are rendered from ``crmarena/data/browser``.
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path

import yaml

from crmarena.graph_schema import load_schema

GRASS_FILE = "crmarena.grass"
GUIDE_FILE = "guide.html"


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("crmarena").joinpath("data", "browser", name).read_text())


def render_grass() -> str:
    """The Browser style sheet: captions and colours for all labels of the schema."""
    style = _data("style.yaml")["labels"]
    missing = set(load_schema().labels) - set(style)
    if missing:
        raise ValueError(f"style.yaml lacks labels: {', '.join(sorted(missing))}")
    out = ["node {", "  diameter: 50px;", "  color: #A5ABB6;", "  border-color: #9AA1AC;", "  border-width: 2px;",
           "  text-color-internal: #FFFFFF;", "  font-size: 10px;", "}", "",
           "relationship {", "  color: #A5ABB6;", "  shaft-width: 1px;", "  font-size: 8px;", "  padding: 3px;",
           "  text-color-external: #000000;", "  text-color-internal: #FFFFFF;", '  caption: "<type>";', "}", ""]
    for label in load_schema().labels:
        s = style[label]
        out += [f"node.{label} {{", f"  color: {s['color']};", f"  diameter: {s['diameter']};",
                f'  caption: "{{{s["caption"]}}}";', "}", ""]
    return "\n".join(out)


def guide_queries() -> list[str]:
    return [s["query"].strip() for s in _data("guide.yaml")["slides"]]


def render_guide() -> str:
    """A Browser guide: one slide per example, each query runnable with a click."""
    guide = _data("guide.yaml")
    slides = []
    for s in guide["slides"]:
        slides.append(
            '    <slide class="row-fluid">\n'
            '      <div class="col-sm-3">\n'
            f"        <h3>{html.escape(s['title'])}</h3>\n"
            f"        <p class=\"lead\">{html.escape(s['text'].strip())}</p>\n"
            "      </div>\n"
            '      <div class="col-sm-9">\n'
            '        <figure>\n'
            '          <pre mode="cypher" class="pre-scrollable code runnable standalone-example ng-binding">'
            f"{html.escape(s['query'].strip())}</pre>\n"
            "        </figure>\n"
            "      </div>\n"
            "    </slide>")
    return ("<article class=\"guide\" ng-controller=\"AppCtrl\">\n"
            "  <carousel class=\"deck container-fluid\">\n"
            f"    <slide class=\"row-fluid\">\n      <div class=\"col-sm-12\">\n"
            f"        <h3>{html.escape(guide['title'])}</h3>\n"
            "        <p class=\"lead\">Click a query to put it in the editor, then run it.</p>\n"
            "      </div>\n    </slide>\n"
            + "\n".join(slides) + "\n  </carousel>\n</article>\n")


def asset_dir() -> Path:
    return Path(str(resources.files("crmarena").joinpath("data", "browser")))


def write_assets(directory: Path | None = None) -> dict[str, Path]:
    """Write the style sheet and the guide (by default beside their data, where they are committed)."""
    directory = Path(directory or asset_dir())
    directory.mkdir(parents=True, exist_ok=True)
    paths = {GRASS_FILE: directory / GRASS_FILE, GUIDE_FILE: directory / GUIDE_FILE}
    paths[GRASS_FILE].write_text(render_grass())
    paths[GUIDE_FILE].write_text(render_guide())
    return paths
