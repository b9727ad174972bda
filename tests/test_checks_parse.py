"""The output checks read a page as a browser does (sitegen/check/pagescan.py): one HTML5
parse, attributes entity-decoded, URL schemes as the URL standard reads them."""

from __future__ import annotations

import html5lib
import pytest

from sitegen.check.pagescan import ASSET_ATTRS, scan_page, url_scheme
from sitegen.diagnostics import BuildError
from sitegen.pipeline import build

from .conftest import GOLDEN, tree_of

PAGE = '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="x"></head><body>{}</body></html>'

# Each hides something the Content-Security-Policy blocks from a scanner that is not a real parser.
HIDDEN = {
    "comment opener in an attribute": ('<p title="<!--">x</p><img src=x onerror=alert(1)><p title="-->">y</p>',
                                       "onerror"),
    "tab inside the scheme": ('<a href="java&#x09;script:alert(1)">x</a>', "javascript:"),
    "newline inside the scheme": ('<a href="java&#10;script:alert(1)">x</a>', "javascript:"),
    "encoded letter": ('<a href="&#106;avascript:alert(1)">x</a>', "javascript:"),
    "capitals and a leading space": ('<a href=" JaVaScRiPt:alert(1)">x</a>', "javascript:"),
    "leading control character": ('<a href="&#1;javascript:alert(1)">x</a>', "javascript:"),
    "handler after a slash": ('<img src="x"/onload=alert(1)>', "onload"),
    "script end inside a style text": ('<style>a{}</style><div onclick="x()">y</div>', "onclick"),
    "upper-case handler": ('<svg><circle ONMOUSEOVER="x()"/></svg>', "onmouseover"),
    "a bracket urlsplit cannot parse": ('<a href="javascript://[%0aalert(1)">x</a>', "javascript:"),
}


@pytest.mark.parametrize("name", HIDDEN)
def test_what_the_policy_blocks_is_found_however_it_is_written(name: str) -> None:
    snippet, needle = HIDDEN[name]
    scan = scan_page(PAGE.format(snippet))
    assert any(needle in what for what, _ in scan.blocked), (snippet, scan.blocked)


def test_text_that_only_looks_like_markup_is_not_blocked() -> None:
    text = ('<p title="onclick=&quot;x()&quot;">javascript:alert(1)</p><pre>&lt;script&gt;</pre>'
            '<a href="notes.html#javascript:">ok</a><script src="s.js"></script>'
            '<script type="application/ld+json">{}</script>')
    assert scan_page(PAGE.format(text)).blocked == ()


def test_url_schemes_as_the_url_standard_reads_them() -> None:
    assert [url_scheme(u) for u in ("java\tscript:x", "\x00 JAVASCRIPT:x", "java\nscript:x", "https://a", "a/b:c")] \
        == ["javascript", "javascript", "javascript", "https", ""]
    # urlsplit raises ValueError on these (a bracket with no IPv6 address); the scheme is still read.
    assert [url_scheme(u) for u in ("java\tscript://[x", "HTTP://[", "//[x", "[x:y")] == ["javascript", "http", "", ""]


def _reference(text: str) -> tuple[list[str], list[str]]:
    """Links and assets as html5lib (another spec-conforming parser) finds them."""
    links, assets = [], []
    for element in html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        attrs = {name.rsplit("}", 1)[-1]: value for name, value in element.attrib.items()}
        if tag == "link" and attrs.get("rel", "").strip().lower() in ("canonical", "alternate"):
            continue
        for name, value in attrs.items():
            if value and (tag, name) in ASSET_ATTRS:
                assets.append(value)
            elif value and name == "href":
                links.append(value)
    return links, assets


def test_links_and_assets_of_every_golden_page_as_html5lib_finds_them() -> None:
    pages = {path: data for path, data in tree_of(GOLDEN / "valid").items() if path.endswith(".html")}
    assert pages
    for path, data in pages.items():
        text = data.decode("utf-8")
        scan = scan_page(text)
        assert (list(scan.links), list(scan.assets)) == _reference(text), path
        assert scan.blocked == () and scan.has_policy_meta, path


def test_a_page_hiding_a_handler_fails_the_build_at_its_markdown_line(make_project) -> None:
    attack = HIDDEN["comment opener in an attribute"][0]
    root = make_project(files={"content/en/attack.md": (
        "---\ntitle: Attack\ndescription: A page with a hidden handler.\ndate: 2025-12-08\n---\n"
        f"Text.\n\n{attack}\n\n[x](java&#x09;script:alert(1))\n")})
    with pytest.raises(BuildError) as failed:
        build(root, write=False, search=False)
    lines = failed.value.diagnostics.lines(False)
    assert any(line.startswith("content/en/attack.md:8:") and "onerror" in line for line in lines), lines
    assert any("javascript: URL on <a>" in line for line in lines), lines


@pytest.mark.parametrize("asset", ["css/site.css", "js/search.js"])
def test_a_file_the_templates_link_is_missing_is_one_error_at_the_file(asset: str, make_project) -> None:
    """Every page links the stylesheet (and the search pages its script) through the templates:
    with the file deleted or renamed, the build says so once, at static/<file>, not once a page at
    Markdown files that do not hold the link. Which pages link it is read from a build with it."""
    root = make_project()
    linked = [path for path, html in build(root, write=False, search=False).tree.items()
              if path.endswith(".html") and asset.rsplit("/", 1)[-1].encode() in html]
    assert len(linked) > 1, f"{asset} is linked from {linked}: the case this is about needs many pages"
    (root / "static" / asset).unlink()
    with pytest.raises(BuildError) as failed:
        build(root, write=False, search=False)
    lines = [line for line in failed.value.diagnostics.lines(False) if ": error: " in line]
    assert lines == [f"static/{asset}: error: is missing, and the templates link it from the pages "
                     f"(add static/{asset}, or fix the link in templates/)"], lines
