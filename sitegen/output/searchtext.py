"""What search indexes of a finished page: its title and the text of its sections.

Only the element marked `data-search-body` is read (an article in its own language: never
a fallback, the chooser, the 404, status or search pages), less its furniture: elements
marked `data-search-ignore` (the dates line, the contents box, notices, source lists,
citation markers, a chart's drawing, data table, buttons and downloads), footnote markers
(Python-Markdown's `footnote-ref` and `footnote-backref` links), and SVG, scripts,
styles, templates, buttons and ruby readings (furigana would split the word they annotate).

A page is cut into sections at every heading with an id (h2 to h6) and every glossary
term with an id (dt), so that a result can link to the part of the page that matched:
text before the first one belongs to the top of the page, whose heading is the title (h1).
Block elements end a line, so a search term never runs from one block into the next;
inline elements (links, emphasis) do not, so "計算資源" is found across a link.

The page is read by Lexbor's HTML5 parser, as the output checks read it (check/pagescan.py).
tests/test_search.py checks the result against an html.parser reading (tests/search_oracle.py)
of every page of the fixture and real sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

BODY_ATTRIBUTE = "data-search-body"
IGNORE_ATTRIBUTE = "data-search-ignore"
FOOTNOTE_MARKERS = frozenset({"footnote-ref", "footnote-backref"})      # Python-Markdown's: a number, and "↩"

# Elements whose content is never text a reader searches for.
SKIPPED = frozenset({"svg", "math", "script", "style", "template", "noscript", "button", "select", "textarea",
                     "rt", "rp", "canvas", "iframe", "object"})
# Elements that do not end a line; every other element does (a <p>, <li>, <td>, <br>…).
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
                    "mark", "q", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                    "wbr"})
SECTION_HEADS = frozenset({"h2", "h3", "h4", "h5", "h6", "dt"})

_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n\s*")
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str        # the id of its heading; '' for the top of the page
    heading: str       # the heading's text; the page title for the top of the page
    text: str          # its text, one block per line


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """The searchable part of one page."""
    path: str          # its URL path within the site: 'ja/deal/'
    lang: str          # its <html lang>
    title: str
    sections: tuple[Section, ...]


def page_path(file: str) -> str:
    """'ja/deal/index.html' → 'ja/deal/' (what a link to the page says)."""
    return file[: -len("index.html")] if file.endswith("index.html") else file


def search_doc(file: str, page: str) -> SearchDoc | None:
    """The searchable part of the page `file` (a site path), or None if it has none."""
    tree = LexborHTMLParser(page)
    body = tree.css_first(f"[{BODY_ATTRIBUTE}]")
    if body is None:
        return None
    sections = _Sections()
    _read(body, sections)
    return SearchDoc(page_path(file), tree.root.attributes.get("lang") or "", sections.title,
                     tuple(sections.done()))


class _Sections:
    """Collects text into the current section (or heading) as the walk goes."""

    def __init__(self) -> None:
        self.title = ""
        self.anchor, self.heading = "", ""
        self.parts: list[str] = []
        self.sections: list[Section] = []
        self.capture: list[str] | None = None      # a heading's text, while inside it

    def add(self, text: str) -> None:
        (self.capture if self.capture is not None else self.parts).append(text)

    def start_heading(self, anchor: str | None) -> None:
        """A heading starts: an h1 (the title), or a section's (anchor given)."""
        if anchor is not None:
            self._close()
            self.anchor, self.heading = anchor, ""
        self.capture = []

    def end_heading(self, is_title: bool) -> None:
        text = _clean("".join(self.capture or ()))
        self.capture = None
        if is_title:
            self.title = self.title or text.replace("\n", " ")
        else:
            self.heading = text.replace("\n", " ")

    def _close(self) -> None:
        text = _clean("".join(self.parts))
        if text or self.anchor:
            self.sections.append(Section(self.anchor, self.heading, text))
        self.parts = []

    def done(self) -> list[Section]:
        self._close()
        sections = self.sections
        if sections and not sections[0].anchor:          # the top of the page: headed by the title
            sections[0] = Section("", self.title, sections[0].text)
        else:
            sections.insert(0, Section("", self.title, ""))
        return sections


def _read(body: LexborNode, out: _Sections) -> None:
    """The text below `body` into `out`, in document order: a loop over a stack of what is left to
    read, not recursion, as raw HTML in a page may nest deeper than Python's stack."""
    in_heading = False
    todo: list[LexborNode | tuple[str, bool]] = [*body.iter(include_text=True)][::-1]
    while todo:
        node = todo.pop()
        if isinstance(node, tuple):             # an element's end: its tag, and whether it ends the heading
            tag, heading_ends = node
            if tag not in INLINE:
                out.add("\n")
            if heading_ends:
                out.end_heading(tag == "h1")
                in_heading = False
            continue
        if not node.is_element_node:
            if node.is_text_node:
                out.add(node.text_content or "")
            continue
        tag, attrs = node.tag, node.attributes
        classes = (attrs.get("class") or "").split()
        if tag in SKIPPED or IGNORE_ATTRIBUTE in attrs or not FOOTNOTE_MARKERS.isdisjoint(classes):
            if tag not in INLINE:
                out.add("\n")                   # a block left out still ends a line
            continue
        if tag not in INLINE:
            out.add("\n")
        heading_starts = not in_heading and (tag == "h1" or (tag in SECTION_HEADS and bool(attrs.get("id"))))
        if heading_starts:
            in_heading = True
            out.start_heading(None if tag == "h1" else attrs["id"])
        todo.append((tag, heading_starts))
        todo.extend([*node.iter(include_text=True)][::-1])


def _clean(text: str) -> str:
    """Runs of spaces → one space; blank lines and the spaces around line ends → one line end."""
    return _SPACES.sub(" ", _BLANK_LINES.sub("\n", text)).strip()
