"""What the Markdown converter publishes broken without a word, reported at its line.

A footnote `[^1]` without its `[^1]: …` line, or a link `[text][ref]` (or `[text][]`) without its
`[ref]: …` line, was published as typed, brackets and all, without a word; a footnote defined but
never referred to was listed with a back link to nowhere, reported only as "no anchor '#fnref:3'"
at another line. A citation marker in an image's alt text broke the page's HTML (a <sup> inside
the attribute), and one in a link's text nested a link in a link. Found in the converted tree (as
readers get it: never in code, never escaped).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from ..diagnostics import Location
from ..load.model import Page
from ..load.textcheck import unfenced
from .shortcodes import PageState

# A footnote reference, or a reference link ([text][ref], [text][]) with its text and its reference.
_ABBREVIATION = re.compile(r"\*\[[^\]]+\](?! ?:)")   # at a paragraph's start: Python-Markdown's abbr wants the ':'
_AS_WRITTEN = re.compile(r"\[\^[^\]\s]+\]|\[([^\[\]]+)\]\[([^\[\]]*)\]")


def source_place(page: Page, pattern: str | Callable[[str], Iterable[int]], seen: int,
                 in_code: bool = False) -> tuple[int, int | None]:
    """The file line and column of what `pattern` finds after `seen` others, outside fenced code (or
    anywhere, `in_code`): a regular expression, or a function giving the offsets of its finds in a line."""
    finds = pattern if callable(pattern) else lambda line: (at.start() for at in re.finditer(pattern, line))
    places = ((page.body_line + index, at + 1) for index, line, live in unfenced(page.body.split("\n"))
              if live or in_code for at in finds(line))
    return next(itertools.islice(places, seen, None), (page.body_line, None))      # no further than the one asked


def _texts(element: Element) -> Iterator[str]:
    """Each text and tail in document order, but inside code."""
    if element.tag not in ("code", "pre"):
        yield element.text or ""
        for child in element:
            yield from _texts(child)
    yield element.tail or ""


class Unresolved(Treeprocessor):
    state: PageState | None = None          # set for every page

    def run(self, root: Element) -> None:
        state = self.state
        if state is None:
            return
        if state.markers:
            _misplaced_markers(root, state)
        _stray_parts(root, state)
        if "[^" not in state.page.body and "][" not in state.page.body:    # most pages
            return
        page, diags, seen = state.page, state.diagnostics, Counter[str]()
        texts = _texts(root) if _AS_WRITTEN.search("".join(root.itertext())) else ()     # code too: a quick look first
        for found in (found for text in texts for found in _AS_WRITTEN.finditer(text)):
            written, words, ref = found.group(), found.group(1), found.group(2) or found.group(1)
            what, hint = (("footnote", f"add '{written}: the note' on a line of its own") if not words
                          else ("link", f"add '[{ref}]: file.md or URL' on a line of its own, or write [{words}](URL)"))
            diags.error(Location(page.source, *source_place(page, re.escape(written), seen[written])),
                        f"{what} '{written}' has no definition, so it is shown as written", hint)
            seen[written] += 1
        referred = {a.get("href") for a in root.iter("a") if a.get("class") == "footnote-ref"}
        for note in root.iter("li"):
            if note.get("id", "").startswith("fn:") and f"#{note.get('id')}" not in referred:
                label = f"[^{note.get('id', '')[3:]}]"
                diags.warning(Location(page.source, source_place(page, re.escape(f"{label}:"), 0)[0]),
                              f"footnote '{label}' is defined but never referred to",
                              f"refer to it with {label} where it belongs, or remove its definition")
                for parent, link in [(p, a) for p in note.iter() for a in p if a.get("class") == "footnote-backref"]:
                    parent.remove(link)             # a back link to nowhere


def _misplaced_markers(root: Element, state: PageState) -> None:
    """Report each citation marker in an image's or a link's attributes (alt text, title), or in a link's text."""
    for element in [*root.iter("img"), *root.iter("a")]:
        owner = "an image's" if element.tag == "img" else "a link's"
        texts = [(f"{owner} {'alt text' if name == 'alt' else name}", value) for name, value in element.attrib.items()]
        texts += [("a link's text (a link in a link)", "".join(element.itertext()))] if element.tag == "a" else []
        for where, n in [(where, n) for where, text in texts if STX in text   # a stashed marker begins so
                         for n, mark in enumerate(state.markers) if mark in text]:
            state.diagnostics.error(Location(state.page.source, *source_place(state.page, r"\{\{\s*cite\b", n)),
                                    f"a citation in {where} breaks the page",
                                    "put {{ cite … }} after the image or the link, not inside it")


def _stray_parts(root: Element, state: PageState) -> None:
    """Report a definition (': …') with no term before it (a <dd> no <dt> names: not valid HTML), an
    image without alt text, and an abbreviation written without its ':' (shown as written)."""
    page, seen = state.page, Counter[str]()
    for dd in (dl[0] for dl in root.iter("dl") if len(dl) and dl[0].tag == "dd"):
        words = re.escape("".join(dd.itertext()).strip()[:20])
        state.diagnostics.error(Location(page.source, *source_place(page, rf"^\s*:\s+{words}", seen[words])),
                                "a definition (': …') with no term on the line before it",
                                "write the term on the line just above, or remove the ':' if this is no definition")
        seen[words] += 1
    for n, _image in enumerate(img for img in root.iter("img") if not img.get("alt", "").strip()):
        state.diagnostics.warning(Location(page.source, *source_place(page, r"!\[\s*\]", n)),
                                  "an image without alt text, which screen readers pass over",
                                  "say what it shows: ![what the image shows](…); a decorative image: <img alt=\"\" …>")
    for written in (found[0] for p in (root.iter("p") if "*[" in page.body else ())
                    if (found := _ABBREVIATION.match(p.text or ""))):
        state.diagnostics.error(Location(page.source, *source_place(page, f"^{re.escape(written)}", seen[written])),
                                f"abbreviation '{written}' has no ':' after it, so it is shown as written",
                                f"write {written}: the words it stands for")
        seen[written] += 1
