"""Nothing loads from another host, nothing needs an inline script or style (strict CSP), and
the vendored Vega is the one vl-convert draws with, byte for byte as recorded."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import REPO, Built

# (tag, attribute) pairs that make the browser fetch something.
LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
         ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
         ("object", "data"), ("use", "href"), ("use", "xlink:href"), ("image", "href"), ("image", "xlink:href"),
         ("track", "src"), ("input", "src")}
SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.inline: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "style" in values:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.inline.append("<style> element")
        # A JSON-LD data block is not executed, so CSP does not apply to it.
        if tag == "script" and not values.get("src") and values.get("type") != "application/ld+json":
            self.inline.append("inline <script>")
        if tag == "link" and values.get("rel") in ("canonical", "alternate"):
            return          # names the public URL; loads nothing
        for name, value in attrs:
            if (tag, name) in LOADS and value:
                self.loads.append(value)
            if name.startswith("on"):
                self.inline.append(f"{name} handler on <{tag}>")


def _foreign(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.I))


def test_pages_load_nothing_from_other_hosts_and_have_no_inline_code(built: Built) -> None:
    pages = sorted((built.root / "site").rglob("*.html"))
    assert len(pages) >= 5
    for path in pages:
        parser = Page()
        parser.feed(path.read_text(encoding="utf-8"))
        assert not [u for u in parser.loads if _foreign(u)], path
        assert parser.inline == [], path


def test_css_js_and_chart_files_name_no_other_host(built: Built) -> None:
    site = built.root / "site"
    own = [site / "css/site.css", site / "js/charts.js", *sorted((site / "charts").glob("*.json"))]
    for path in own:
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path
    for path in sorted((site / "charts").glob("*.svg")):
        urls = set(re.findall(r"https?://[^\s\"')]+", path.read_text(encoding="utf-8")))
        assert urls <= set(SVG_NAMESPACES), path


def test_vendored_files_match_their_recorded_checksums() -> None:
    recorded = (REPO / "scripts/vendor_vega.sha256").read_text().splitlines()
    assert len(recorded) == 4
    for line in recorded:
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((REPO / rel).read_bytes()).hexdigest() == digest, rel


def test_vendored_versions_are_the_ones_vl_convert_draws_with() -> None:
    vl_convert = pytest.importorskip("vl_convert")
    vendor = REPO / "static" / "vendor"
    assert (vendor / f"vega-{vl_convert.get_vega_version()}" / "vega.min.js").is_file()
    assert (vendor / f"vega-embed-{vl_convert.get_vega_embed_version()}" / "vega-embed.min.js").is_file()
    for licence in vendor.glob("vega*/LICENSE"):         # (the stemmer is MIT: tests/test_search.py)
        assert "Redistribution and use in source and binary forms" in licence.read_text()
    loader = (REPO / "static/js/charts.js").read_text()
    assert f"vega-{vl_convert.get_vega_version()}/vega.min.js" in loader
    assert f"vega-embed-{vl_convert.get_vega_embed_version()}/vega-embed.min.js" in loader


def test_the_chart_font_ships_its_licence() -> None:
    from sitegen.charts.drawing import font_file

    folder: Path = font_file().parent
    assert (folder / "IPA_Font_License_Agreement_v1.0.txt").is_file()
