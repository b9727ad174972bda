"""Footnotes and reference links that Python-Markdown leaves as written, reported at their line.

A footnote `[^1]` without its `[^1]: …` line, or a link `[text][ref]` (or `[text][]`) without its
`[ref]: …` line, was published as typed, brackets and all, without a word; a footnote defined but
never referred to was listed with a back link to nowhere, reported only as "no anchor '#fnref:3'"
at another line. Found in the converted tree (as readers get it: never in code, never escaped).
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

from ..diagnostics import Location
from ..load.model import Page
from .shortcodes import PageState, unfenced

# A footnote reference, or a reference link ([text][ref], [text][]) with its text and its reference.
_AS_WRITTEN = re.compile(r"\[\^[^\]\s]+\]|\[([^\[\]]+)\]\[([^\[\]]*)\]")


def source_place(page: Page, text: str, seen: int) -> tuple[int, int | None]:
    """The file line and column of `text` after `seen` others like it, outside fenced code."""
    places = [(page.body_line + index, at.start() + 1) for index, line, live in unfenced(page.body.split("\n"))
              if live for at in re.finditer(re.escape(text), line)]
    return places[seen] if seen < len(places) else (page.body_line, None)


def _texts(element: Element):  # type: ignore[no-untyped-def]
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
        if state is None or ("[^" not in state.page.body and "][" not in state.page.body):    # most pages
            return
        page, diags, seen = state.page, state.diagnostics, Counter[str]()
        for found in (found for text in _texts(root) for found in _AS_WRITTEN.finditer(text)):
            written, words, ref = found.group(), found.group(1), found.group(2) or found.group(1)
            what, hint = (("footnote", f"add '{written}: the note' on a line of its own") if not words
                          else ("link", f"add '[{ref}]: file.md or URL' on a line of its own, or write [{words}](URL)"))
            diags.error(Location(page.source, *source_place(page, written, seen[written])),
                        f"{what} '{written}' has no definition, so it is shown as written", hint)
            seen[written] += 1
        referred = {a.get("href") for a in root.iter("a") if a.get("class") == "footnote-ref"}
        for note in root.iter("li"):
            if note.get("id", "").startswith("fn:") and f"#{note.get('id')}" not in referred:
                label = f"[^{note.get('id', '')[3:]}]"
                diags.warning(Location(page.source, source_place(page, f"{label}:", 0)[0]),
                              f"footnote '{label}' is defined but never referred to",
                              f"refer to it with {label} where it belongs, or remove its definition")
                for parent, link in [(p, a) for p in note.iter() for a in p if a.get("class") == "footnote-backref"]:
                    parent.remove(link)             # a back link to nowhere
