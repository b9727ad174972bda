"""Markdown → HTML for one page: Python-Markdown with our shortcodes and links, abbreviations that
work in Japanese, tables as the site's policies want them; each id once.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor, slugify_unicode
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from ..diagnostics import Diagnostics, Location
from ..load.model import Page, SiteData
from .blocks import BlockRenderers
from .links import LinkState, PageLink, PageLinks, PageResolver
from .plaintext import PlainTextExtension
from .rawblocks import UnclosedBlocks
from .shortcodes import PageState, ShortcodePreprocessor
from .tablerows import TableRows
from .typography import TypographyExtension
from .unresolved import Unresolved, source_place


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    toc: tuple[TocEntry, ...]
    ids: frozenset[str]
    links: tuple[PageLink, ...]
    citations: tuple[str, ...]
    facts: tuple[str, ...]
    blocks: tuple[tuple[str, str], ...]
    reading_minutes: int
    incomplete: bool        # a part failed (reported there): links to its #anchors are not judged
    read_titles: bool = False   # a link was compared with pages' titles, which the body cache's key lacks: never cached


# An id attribute (not data-id). A leading \s, not \b: that tried the search at every word start (3x the time).
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,-]*")

_BACKLINK_TITLE = {"ja": "本文の脚注%dに戻る", "en": "Back to footnote %d in the text"}
_TABLE_LABEL = {"ja": "表", "en": "Table"}      # a table's box before any heading

# Reading speed: ~500 characters a minute for Japanese, ~230 words for English.
CJK_PER_MINUTE = 500
WORDS_PER_MINUTE = 230


class _TocTokensOnly(TocTreeprocessor):
    """The toc step, without the contents <div> it builds, prettifies and serializes for every
    page (~5 % of rendering): the template makes the contents from `toc_tokens`.

    A heading's id and contents entry are its words: its citation markers (`## 契約{{ cite x }}`)
    are out of sight while the step runs, as Python-Markdown leaves footnote markers out; else
    the contents read '契約⁠[1]' and the id was '契約1'."""

    markers: Sequence[str] = ()      # this page's citation markers (stash placeholders): set per page

    def run(self, doc: Element) -> None:
        hidden = []
        headings = (heading for tag in ("h1", "h2", "h3", "h4", "h5", "h6") for heading in doc.iter(tag))
        for heading in headings if self.markers else ():
            for node in heading.iter():
                for part in ("text",) if node is heading else ("text", "tail"):
                    text = getattr(node, part)
                    if text and STX in text and any(marker in text for marker in self.markers):
                        hidden.append((node, part, text))
                        setattr(node, part, functools.reduce(lambda t, m: t.replace(m, ""), self.markers, text))
        super().run(doc)
        for node, part, text in hidden:
            setattr(node, part, text)

    def build_toc_div(self, toc_list: list) -> Element:
        return Element("div")


class _TocExtension(TocExtension):
    TreeProcessorClass = _TocTokensOnly


_LATIN = r"0-9A-Za-z_\u00c0-\u024f"


class _Abbreviations(AbbrTreeprocessor):
    """Abbreviations (`*[HTML]: HyperText Markup Language`) that also work in Japanese text.

    Python-Markdown's abbr extension finds an abbreviation between regex word boundaries (\\b), and
    in Japanese the characters around a Latin word are word characters too: in 「契約はHTMLのページで」
    there is no boundary around HTML, so no <abbr> was made. Here a boundary is the absence of a Latin
    letter, digit or underscore on either side, so the abbreviation is found next to kana and kanji
    and, as before, not inside a longer Latin word (HTMLS, XHTML).
    """

    def run(self, root: Element) -> None:
        if not self.abbrs:
            return
        keys = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(f"(?<![{_LATIN}])(?:{'|'.join(map(re.escape, keys))})(?![{_LATIN}])")
        self.iter_element(root)


class _AbbreviationsExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        super().extendMarkdown(md)
        md.treeprocessors.register(_Abbreviations(md, self.abbrs), "abbr", 7)     # in place of the \b one


_ALIGN = re.compile(r"^\s*text-align:\s*(left|center|right)\s*;?\s*$")


class _Tables(Treeprocessor):
    """Tables as the site's policies want them: alignment as classes, no empty header cell, each
    table in a box that takes focus.

    Python-Markdown's tables extension writes `style="text-align: right"` on each cell of an
    aligned column (`| --: |`), which the site's Content-Security-Policy blocks (`style-src 'self'`):
    it becomes `class="align-right"` (left, center, right), and static/css/site.css aligns those cells.

    An empty header cell (the corner of `| | Chatbot | Agent |`) is written as <td>: a <th> with no
    text is a header that names nothing, screen readers announce it, and axe's best practice
    (empty-table-header) flags it. The corner cell heads no row or column: the first column heads
    the rows (<th scope="row">), so that each cell is read with its row's name too (axe: td-has-header).

    Each table goes in a box that scrolls sideways and takes focus, so that a keyboard can scroll a
    table wider than a phone (axe: scrollable-region-focusable), as a chart's data table does: the
    table scrolled itself (CSS `display: block`), and a table cannot take focus. The box is named
    by the heading the table sits under, once the toc step has given headings their ids.
    """

    def __init__(self, md: Markdown, lang: str):
        super().__init__(md)
        self.untitled = _TABLE_LABEL[lang]

    def run(self, root: Element) -> None:
        for row in root.iter("tr"):
            for cell in row:
                if cell.tag not in ("th", "td"):
                    continue
                match = _ALIGN.match(cell.get("style", ""))
                if match is not None:
                    del cell.attrib["style"]
                    cell.set("class", " ".join(filter(None, [cell.get("class"), f"align-{match.group(1)}"])))
                if cell.tag == "th" and not "".join(cell.itertext()).strip() and not len(cell):
                    cell.tag = "td"
        places = {child: (parent, index) for parent in root.iter() for index, child in enumerate(parent)}
        heading = None
        for element in list(root.iter()):
            if element.tag in ("h2", "h3", "h4") and element.get("id"):
                heading = element.get("id")
            elif element.tag == "table":
                if getattr(element.find("thead/tr/*"), "tag", None) == "td":      # an empty corner
                    for row in element.iterfind("tbody/tr"):
                        row[0].tag = "th"
                        row[0].set("scope", "row")
                parent, index = places[element]
                box = Element("div", {"class": "table-scroll", "tabindex": "0", "role": "group"})
                box.set(*(("aria-labelledby", heading) if heading else ("aria-label", self.untitled)))
                box.tail, element.tail = element.tail, None
                parent[index] = box
                box.append(element)


class MarkdownRenderer:
    """One configured Markdown instance per language, reset for every page."""

    def __init__(self, lang: str):
        self.md = md = Markdown(
            extensions=[
                "fenced_code", "tables", "footnotes", "attr_list", "md_in_html", "def_list", "sane_lists",
                _AbbreviationsExtension(),      # "abbr", finding abbreviations in Japanese text too
                # Unicode slugs give Japanese headings ids too; explicit {#id} wins.
                # No "[TOC]" marker: the template places the contents (looking for one walked
                # every element of every page, ~5 % of rendering).
                _TocExtension(slugify=slugify_unicode, toc_depth="2-3", marker=""),
                TypographyExtension(lang),
                PlainTextExtension(),   # speed only (plaintext.py)
            ],
            extension_configs={
                "footnotes": {"BACKLINK_TITLE": _BACKLINK_TITLE[lang]},
            },
            output_format="html",
        )
        # Our own steps, among Python-Markdown's (higher priorities run first).
        self.shortcodes = ShortcodePreprocessor(md)         # priority: see shortcodes.py
        md.preprocessors.register(self.shortcodes, "sitegen_shortcodes", 28)
        self.table_rows = TableRows(md)                     # before the shortcodes: lines are source lines
        md.preprocessors.register(self.table_rows, "sitegen_table_rows", 29)
        self.raw_blocks = UnclosedBlocks(md)                # md_in_html's own step, reporting a block never closed
        md.preprocessors.register(self.raw_blocks, "html_block", 20)
        self.links = PageLinks(md)                          # after inline parsing (20), so links exist
        md.treeprocessors.register(self.links, "sitegen_links", 15)
        md.treeprocessors.register(_Tables(md, lang), "sitegen_tables", 4)    # after toc (5): ids
        self.unresolved = Unresolved(md)                    # footnotes and links left as written
        md.treeprocessors.register(self.unresolved, "sitegen_unresolved", 16)    # before links (15) record them

    def render(self, page: Page, data: SiteData, render_block: BlockRenderers, resolve: PageResolver,
               diagnostics: Diagnostics) -> RenderedBody:
        state = PageState(page, data, render_block, diagnostics)
        self.shortcodes.state = self.table_rows.state = self.raw_blocks.state = self.unresolved.state = state
        self.links.state = links = LinkState(page, resolve, diagnostics)
        self.md.treeprocessors["toc"].markers = state.markers
        self.md.reset()
        try:
            body_html = self.md.convert(page.body)
        except RecursionError:      # a shape nested too deeply for the converter that load/textcheck.py lets by
            diagnostics.error(Location(page.source, page.body_line), "the Markdown is too deeply nested, or has too "
                              "long a run of one kind of block, for the converter",
                              "split long lists and definition lists; flatten nested lists, quotes and <div>s")
            self.md.reset()
            body_html, state.failed = "", True
        ids = _ID.findall(body_html)
        if len(ids) != len(set(ids)):
            report_duplicate_ids(page, ids, diagnostics)
        return RenderedBody(
            html=body_html,
            toc=tuple(_flatten(getattr(self.md, "toc_tokens", []))),
            ids=frozenset(ids),
            links=tuple(links.links),
            citations=tuple(state.citations),
            facts=tuple(state.facts),
            blocks=tuple(state.blocks),
            reading_minutes=reading_minutes(body_html, page.lang),
            incomplete=state.failed,
            read_titles=links.read_titles,
        )


def _flatten(tokens: list[Mapping]) -> list[TocEntry]:
    out: list[TocEntry] = []
    for token in tokens:
        out.append(TocEntry(token["level"], token["id"], _TAG.sub("", token["name"])))
        out.extend(_flatten(token.get("children", [])))
    return out


def reading_minutes(body_html: str, lang: str) -> int:
    """Minutes to read the text: CJK characters / 500 plus words / 230, at least 1."""
    text = _TAG.sub(" ", re.sub(r"<(figure|details)\b.*?</\1>", " ", body_html, flags=re.S))
    cjk = len(_CJK.findall(text)) if lang == "ja" else 0
    words = len(_WORD.findall(text))
    minutes = cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, round(minutes + 0.49))


def report_duplicate_ids(page: Page, ids: list[str], diags: Diagnostics) -> None:
    """Report each id that occurs more than once in the body, at the Markdown line of its second use.

    A link to a duplicated anchor lands on the first one only, and the checker of the HTML calls
    the page invalid. Python-Markdown makes the ids of headings unique by itself (`a`, `a_1`); ids
    written by hand (`## Title {#x}`, `<div id="x">`) are taken as they are, so two of them can clash.
    """
    for name, count in Counter(ids).items():
        if count > 1:
            diags.error(_second_use(page, name), f"id '{name}' is used {count} times on this page",
                        "give each heading or element its own id")


def _second_use(page: Page, name: str) -> Location:
    """The line of the id's second use as written ('{#x}', 'id="x"'), code samples included."""
    pattern = rf"(?:#|\bid=[\"']?){re.escape(name)}(?=[\s}}\"'>]|$)"
    return Location(page.source, source_place(page, pattern, 1, in_code=True)[0])
