"""What a phone waits for before it draws a page, read from the built HTML (no timing).

Lighthouse's mobile run (bench/lighthouse.py) found the site's pages drawn as soon as their one
stylesheet arrives, and nothing moving after; these keep it so for every page of the real site
and the valid fixture:

- no script blocks drawing: every <script src> is deferred, async or a module (JSON-LD is data);
- every drawing has its box before it is drawn: each inline <svg> outside another one has a
  viewBox or both width and height, and each <img>, <video> or <iframe> both width and height,
  so nothing below it moves when it is laid out (a layout shift).
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode

from sitegen.pipeline import build

from .conftest import SITES, assemble


def blocking_scripts(html: str) -> list[str]:
    """The <script src> tags of a page that stop the parser (and so the first drawing)."""
    found = []
    for script in HTMLParser(html).css("script[src]"):
        attrs = script.attributes
        if "defer" not in attrs and "async" not in attrs and attrs.get("type") != "module":
            found.append(script.html)
    return found


def unsized_drawings(html: str) -> list[str]:
    """The drawings of a page whose box is unknown until they are laid out."""
    found = []
    tree = HTMLParser(html)
    for svg in tree.css("svg"):
        if _inside_svg(svg):
            continue      # drawn inside its outer drawing's box
        attrs = svg.attributes
        if "viewBox" not in attrs and "viewbox" not in attrs and not ("width" in attrs and "height" in attrs):
            found.append(svg.html[:120])
    for node in tree.css("img, video, iframe"):
        if not ("width" in node.attributes and "height" in node.attributes):
            found.append(node.html[:120])
    return found


def _inside_svg(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "svg":
            return True
        parent = parent.parent
    return False


@pytest.fixture(scope="module")
def valid_site(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, bytes]:
    return build(assemble(SITES / "valid", tmp_path_factory.mktemp("loading") / "project")).tree


@pytest.mark.parametrize("which", ["real", "valid"])
def test_no_page_waits_for_a_script_or_moves_when_a_drawing_lands(which: str, request) -> None:
    tree = request.getfixturevalue("real_site" if which == "real" else "valid_site")
    pages = {path: data.decode("utf-8") for path, data in tree.items() if path.endswith(".html")}
    assert pages, f"the {which} site has pages"
    drawings = sum(len(HTMLParser(html).css("svg")) for html in pages.values())
    assert which != "real" or drawings, "the real site draws its charts into its pages"
    problems = [f"{path}: blocking script {tag}" for path, html in pages.items() for tag in blocking_scripts(html)]
    problems += [f"{path}: no reserved size {tag}" for path, html in pages.items() for tag in unsized_drawings(html)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_what_they_look_for() -> None:
    """Each check finds its defect in a page that has it (so the test above cannot pass blind)."""
    page = ('<html><head><script src="a.js"></script><script src="b.js" defer></script>'
            '<script type="module" src="c.js"></script><script type="application/ld+json">{}</script></head>'
            '<body><svg><g></g></svg><svg viewBox="0 0 2 1"><svg></svg></svg><svg width="2" height="1"></svg>'
            '<img src="x.png" width="2"><img src="y.png" width="2" height="1"></body></html>')
    assert blocking_scripts(page) == ['<script src="a.js"></script>']
    assert unsized_drawings(page) == ["<svg><g></g></svg>", '<img src="x.png" width="2">']
