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

The tags are read with regular expressions (in C), not html.parser: the page is our own
output and ~10x faster to read this way (2,000 pages in ~1 s). tests/test_search.py checks
it against an html.parser reading (tests/search_oracle.py) of every page of the fixture and
real sites.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

BODY_ATTRIBUTE = "data-search-body"
IGNORE_ATTRIBUTE = "data-search-ignore"

# Elements whose content is never text a reader searches for.
SKIPPED = frozenset({"svg", "math", "script", "style", "template", "noscript", "button", "select", "textarea",
                     "rt", "rp", "canvas", "iframe", "object"})
# Elements that do not end a line; every other element does (a <p>, <li>, <td>, <br>…).
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
                    "mark", "q", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                    "wbr"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})
SECTION_HEADS = frozenset({"h2", "h3", "h4", "h5", "h6", "dt"})

_TAG = re.compile(r"<(?:(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|!--.*?-->|![^>]*>)", re.S)
_ID = re.compile(r"(?:^|\s)id\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
_BODY = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\s" + BODY_ATTRIBUTE
                   + r"(?=[\s=/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
# Marked furniture, and the footnote markers Python-Markdown writes (a number, and "↩").
_IGNORED = re.compile(r"\s(?:" + IGNORE_ATTRIBUTE + r"(?=[\s=/]|$)"
                      r"|class=\"(?:[^\"]*\s)?footnote-(?:ref|backref)[\s\"])")
_LANG = re.compile(r"<html\b[^>]*?\slang=\"([^\"]+)\"")
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
    body = _BODY.search(page)
    if body is None:
        return None
    lang = _LANG.search(page, 0, body.start())
    sections = _Sections()
    _walk(page, body, sections)
    return SearchDoc(page_path(file), lang.group(1) if lang else "", sections.title, tuple(sections.done()))


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


def _walk(page: str, body: re.Match, out: _Sections) -> None:
    root = body.group(1).lower()
    depth, pos = 1, body.end()
    skipping, skip_depth = "", 0                  # the element being skipped, and how deep in it
    heading = ""                                  # the heading element being read ('' if none)
    for tag in _TAG.finditer(page, pos):
        if not skipping and tag.start() > pos:
            out.add(html.unescape(page[pos:tag.start()]))
        pos = tag.end()
        name = tag.group(2)
        if name is None:                          # a comment or doctype
            continue
        name, closing, attrs = name.lower(), bool(tag.group(1)), tag.group(3)
        if skipping:
            if name == skipping and name not in VOID:
                skip_depth += -1 if closing else (0 if attrs.endswith("/") else 1)
                if skip_depth == 0:
                    skipping = ""
            continue
        if name == root:
            depth += -1 if closing else 1
            if depth == 0:
                break
        if not closing and (name in SKIPPED or (attrs and _IGNORED.search(attrs))):
            if name not in INLINE:
                out.add("\n")                    # a block left out still ends a line
            if name not in VOID and not attrs.endswith("/"):
                skipping, skip_depth = name, 1
            continue
        if name not in INLINE:
            out.add("\n")
        if closing and name == heading:
            out.end_heading(name == "h1")
            heading = ""
        elif not closing and not heading and (name == "h1" or name in SECTION_HEADS):
            anchor = _ID.search(attrs) if name != "h1" else None
            if name == "h1" or anchor:
                heading = name
                out.start_heading(next(g for g in anchor.groups() if g is not None) if anchor else None)


def _clean(text: str) -> str:
    """Runs of spaces → one space; blank lines and the spaces around line ends → one line end."""
    return _SPACES.sub(" ", _BLANK_LINES.sub("\n", text)).strip()
