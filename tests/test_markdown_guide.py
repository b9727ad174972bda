"""The Markdown of the authoring guide (docs/authoring.md), as an editor writes it: the fixture
page tests/fixtures/markdown-guide/content/<lang>/markdown.md, added to the fixture site, uses
every construct; each builds under the site's Content-Security-Policy into what the guide
promises, and a mistake in each is reported at its line."""

from __future__ import annotations

import csv
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from sitegen.diagnostics import BuildError
from sitegen.pipeline import build
from sitegen.render.urls import relative_url

from .conftest import SITES

PAGE = {lang: f"{lang}/markdown/" for lang in ("ja", "en")}
GUIDE = Path(__file__).parent / "fixtures" / "markdown-guide"


def guide_files(**changed: str) -> dict[str, str]:
    """The guide's pages, as make_project(files=…) takes them (with `changed` ones instead)."""
    files = {p.relative_to(GUIDE).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GUIDE.rglob("*.md"))}
    return {**files, **changed}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Element]:
    """Each language's fixture page, parsed; the build gives no problem about either page."""
    from .conftest import assemble

    root = assemble(SITES / "valid", tmp_path_factory.mktemp("guide") / "project")
    for rel, text in guide_files().items():
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content/ja/only-ja.md").unlink()         # its missing translation: the fixture's one warning
    result = build(root, write=False, strict=True)
    assert result.diagnostics.items == []
    return {lang: _prose(result.tree[path + "index.html"]) for lang, path in PAGE.items()}


def _prose(html: bytes) -> Element:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return next(div for div in document.iter("div") if div.get("class") == "prose")


def _text(element: Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_construct_of_the_guide_builds_as_the_guide_says(built, lang: str) -> None:
    prose, here = built[lang], PAGE[lang]
    # Tables: | :-- | --: | :-: | as classes (no style="" under the CSP), header and body alike.
    table = prose.find(".//table")
    for row in table.iter("tr"):
        assert [cell.get("class") for cell in row] == ["align-left", "align-right", "align-center"]
    assert not [e.tag for e in prose.iter() if e.get("style") is not None]
    # Footnotes, attributes, a class on a paragraph, heading ids in Japanese, definition lists.
    assert prose.find(".//sup[@id='fnref:amount']/a").get("href") == "#fn:amount"
    assert prose.find(".//li[@id='fn:amount']") is not None
    assert _text(prose.find(".//em[@lang='en']")) == "AWS"
    assert prose.find(".//p[@class='callout']") is not None
    assert prose.find(".//h3[@id='日本語の見出し']") is not None
    assert _text(prose.find(".//dl/dt")) == "GPU"
    # Markdown inside HTML: the div keeps its class, its Markdown is rendered, its .md link resolved.
    callout = prose.find(".//div[@class='callout']")
    assert callout.find(".//strong") is not None
    assert callout.find(".//a").get("href") == relative_url(here, f"{lang}/deal/")
    # Abbreviations, in Japanese text too (no word boundary next to kana).
    abbrs = prose.findall(".//abbr")
    assert abbrs and {a.get("title") for a in abbrs} == {"HyperText Markup Language"}
    assert {_text(a) for a in abbrs} == {"HTML"}
    # Links: by file, to a glossary entry, in the page, root-absolute (to a page, to another
    # language, to a file), and in raw HTML: all relative, so the site works under any base path.
    other = "en" if lang == "ja" else "ja"
    links = [a.get("href") for a in _section(prose, "links").iter("a")]
    assert links == [relative_url(here, f"{lang}/deal/"), relative_url(here, f"{lang}/glossary/") + "#gpu",
                     "#tables", relative_url(here, f"{other}/markdown/"),
                     relative_url(here, f"{lang}/deal/") + "#others", relative_url(here, "css/site.css")]
    assert [a.get("href") for a in _section(prose, "raw-html").iter("a")] == \
        [relative_url(here, f"{lang}/glossary/") + "#gpu"]
    assert not [e.get("href") or e.get("src") for e in prose.iter()
                if (e.get("href") or e.get("src") or "").startswith("/")]
    # Shortcodes: numbers and a citation; \{{ }} and code blocks left as written.
    shortcodes = _text(_section(prose, "shortcodes"))
    assert "{{ fact aws_deal_value }}" in shortcodes and "{{ fact not_a_fact_in_code }}" in shortcodes
    assert shortcodes.count("{{") == 2
    assert _section(prose, "shortcodes").find(".//sup[@class='cite']/a").get("href") == "#source-1"
    with (SITES / "valid/data/datasets/timeline.csv").open(encoding="utf-8") as rows:
        events = list(csv.DictReader(rows))
    assert len(_section(prose, "timeline").findall(".//ol[@class='timeline']/li")) == len(events)


def _section(prose: Element, heading_id: str) -> Element:
    """The elements from the <h2> with this id to the next <h2>, under one parent."""
    section, inside = Element("section"), False
    for child in prose:
        if child.tag == "h2":
            inside = child.get("id") == heading_id
        elif inside:
            section.append(child)
    return section


# A mistake in each construct, appended to content/en/markdown.md: what is reported at its line.
MISTAKES = {
    "root link to nothing": ("See [x](/en/zz-nowhere/).", "error", "leads nowhere"),
    "root link, no such anchor": ("See [x](/en/deal/#nope).", "warning", "no anchor '#nope' in content/en/deal.md"),
    "root link, other language": ("See [x](/ja/deal/#nope).", "warning", "no anchor '#nope' in content/ja/deal.md"),
    "root image to nothing": ("See ![x](/img/none.png).", "error", "leads nowhere (there is no static/img/none.png"),
    "raw HTML root link": ('See <a href="/en/zz/">x</a>.', "error", "leads nowhere"),
    "link by file": ("See [x](nowhere.md).", "warning", "link to a page that does not exist: 'nowhere.md'"),
    "glossary anchor": ("See [GPU](glossary.md#gpux).", "warning", "no anchor '#gpux' in content/en/glossary.md"),
    "style in raw HTML": ('See <span style="color: red">x</span>.', "error", "a style=\"\" attribute on <span>"),
    "style by attribute list": ('Red.\n{: style="color: blue" }', "error", "a style=\"\" attribute on <p>"),
    "inline script": ("<script>alert(1)</script>", "error", "an inline <script>"),
    "unknown fact": ("Worth {{ fact aws_dael_value }}.", "error", "unknown fact 'aws_dael_value'"),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_in_each_construct_is_reported_at_its_line(make_project, name: str) -> None:
    snippet, level, message = MISTAKES[name]
    text = guide_files()["content/en/markdown.md"].rstrip("\n") + "\n\n" + snippet + "\n"
    line = text.count("\n", 0, text.index(snippet)) + 1
    # Without the fixture's one page that lacks a translation, the mistake is the only problem.
    root = make_project(files=guide_files(**{"content/en/markdown.md": text}), remove=["content/ja/only-ja.md"])
    try:            # --strict: the level as reported, and whether the build fails
        diagnostics = build(root, write=False, strict=True).diagnostics
    except BuildError as exc:
        diagnostics = exc.diagnostics
    found = [d for d in diagnostics.items if message in str(d)]         # message and hint
    assert found, [str(d) for d in diagnostics.items]
    assert all(d.location.path == "content/en/markdown.md" for d in found)
    assert {d.location.line for d in found} <= {line, line + 1}, [str(d) for d in found]
    assert found[0].level == level
    assert {d.location.path for d in diagnostics.items} == {"content/en/markdown.md"}
    assert diagnostics.failed(strict=True), "fails a --strict build (a warning there is an error)"


def test_root_links_work_under_a_base_path_and_at_the_root(make_project) -> None:
    """The same Markdown, published under /explainer/ and at a domain's root: the same links."""
    root = make_project(files=guide_files())
    under_path = build(root, write=False).tree
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/explainer/",
                                                                 "https://example.org/"), encoding="utf-8")
    at_root = build(root, write=False).tree
    for path in PAGE.values():
        links = _links(under_path[path + "index.html"])
        assert links and links == _links(at_root[path + "index.html"])


def _links(html: bytes) -> list[str]:
    return [e.get("href") or e.get("src") for e in _prose(html).iter() if e.get("href") or e.get("src")]


def test_aligned_columns_display_aligned_under_the_policy(make_project) -> None:
    """In Chromium, under the page's own Content-Security-Policy (style-src 'self')."""
    from sitegen.cache.buildcache import BuildCache
    from sitegen.devserver import DevServer

    from .browser.harness import chromium

    dev = DevServer(make_project(files=guide_files()), port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        dev.wait_for_build(timeout=120)
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 360, "height": 800})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                    and not m.location.get("url", "").endswith("/favicon.ico") else None)
            for path in PAGE.values():
                page.goto(dev.url + path)
                assert "style-src 'self'" in page.eval_on_selector(
                    'meta[http-equiv="Content-Security-Policy"]', "m => m.content")
                aligned = page.eval_on_selector_all(".prose table tr", """rows => rows.map(
                    row => [...row.children].map(cell => getComputedStyle(cell).textAlign))""")
                assert aligned and all(row == ["left", "right", "center"] for row in aligned), aligned
                # The right-aligned cells' text ends at the same x (its cells' right edges, less padding).
                ends = page.eval_on_selector_all(".prose td.align-right", """cells => cells.map(cell => {
                    const range = document.createRange(); range.selectNodeContents(cell);
                    return Math.round(range.getBoundingClientRect().right); })""")
                assert len(set(ends)) == 1, ends
    finally:
        dev.stop()
    assert errors == []


TABLE_ROWS = ("| Partner | Value | Year |\n|---|--:|:-:|\n| Orakuru | {{ fact aws_deal_value }} |\n"
              "| Amazonia | {{ fact aws_deal_value }} | 2025 | 2032 |\n| Azure | 250 | 2025 |\n\n"
              "```\n| a | b |\n|---|---|\n| in a code block, not a table |\n```\n")


def test_a_table_row_with_more_or_fewer_cells_than_its_header_is_a_warning_at_its_line(make_project) -> None:
    """Python-Markdown fills a short row with empty cells and drops a long row's cells past the
    header's ('2032' was not on the page), without a word. Each such row is now a warning at its line."""
    text = guide_files()["content/en/markdown.md"].rstrip("\n") + "\n\n" + TABLE_ROWS
    root = make_project(files=guide_files(**{"content/en/markdown.md": text}), remove=["content/ja/only-ja.md"])
    short, long = (text.count("\n", 0, text.index(row)) + 1 for row in ("| Orakuru |", "| Amazonia |"))
    result = build(root, write=False, search=False)
    assert result.diagnostics.lines() == [
        f"content/en/markdown.md:{short}: warning: this table row has 2 cells, its header 3 "
        "(write each cell, '| |' for an empty one)",
        f"content/en/markdown.md:{long}: warning: this table row has 4 cells, its header 3: the last 1 not shown "
        "(add a column to the header, or remove a '|')"]
    assert "2032" not in result.tree["en/markdown/index.html"].decode()      # what the warning is about


NESTED_TABLES = ("- | Partner | Value |\n  |---|--:|\n  | Orakuru | 250 | 2032 |\n\n"          # on the item's line
                 "1. A numbered item.\n\n    | Partner | Value |\n    |---|--:|\n    | Azure |\n\n"   # under it
                 "> | Partner | Value |\n> |---|--:|\n> | Amazonia | 38 | 2025 |\n\n"              # in a quote
                 "Code, not a table:\n\n    | a | b |\n    |---|---|\n    | in | a code | block |\n")


def test_a_table_row_in_a_list_item_or_a_quote_is_checked_and_a_code_block_is_not(make_project) -> None:
    """Tables in a list item (on the item's own line too) and in a quote are row-checked as the
    converter reads them; a table-like indented code block is code, not a table, and not warned
    about (it was, and --strict failed on it; the item's-line and quote tables were not checked)."""
    text = guide_files()["content/en/markdown.md"].rstrip("\n") + "\n\n" + NESTED_TABLES
    root = make_project(files=guide_files(**{"content/en/markdown.md": text}), remove=["content/ja/only-ja.md"])
    line = {row: text.count("\n", 0, text.index(row)) + 1 for row in ("| Orakuru", "| Azure", "> | Amazonia")}
    result = build(root, write=False, search=False)
    too_many = "(add a column to the header, or remove a '|')"
    assert result.diagnostics.lines() == [
        f"content/en/markdown.md:{line['| Orakuru']}: warning: this table row has 3 cells, its header 2: "
        f"the last 1 not shown {too_many}",
        f"content/en/markdown.md:{line['| Azure']}: warning: this table row has 1 cell, its header 2 "
        "(write each cell, '| |' for an empty one)",
        f"content/en/markdown.md:{line['> | Amazonia']}: warning: this table row has 3 cells, its header 2: "
        f"the last 1 not shown {too_many}"]
    html = result.tree["en/markdown/index.html"].decode()
    assert html.count("<table") == guide_files()["content/en/markdown.md"].count("|--") + 3   # the 3 are tables
    assert "| in | a code | block |" in html
