"""Abbreviations (`*[HTML]: HyperText Markup Language`) that also work in Japanese text.

Python-Markdown's abbr extension finds an abbreviation between regex word boundaries (\\b), and
in Japanese the characters around a Latin word are word characters too: in 「契約はHTMLのページで」
there is no boundary around HTML, so no <abbr> was made. Here a boundary is the absence of a Latin
letter, digit or underscore on either side, so the abbreviation is found next to kana and kanji
and, as before, not inside a longer Latin word (HTMLS, XHTML).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

_LATIN = r"0-9A-Za-z_\u00c0-\u024f"


class _Abbreviations(AbbrTreeprocessor):
    def run(self, root: Element) -> None:
        if not self.abbrs:
            return
        keys = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(f"(?<![{_LATIN}])(?:{'|'.join(map(re.escape, keys))})(?![{_LATIN}])")
        self.iter_element(root)


class AbbreviationsExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        super().extendMarkdown(md)
        md.treeprocessors.register(_Abbreviations(md, self.abbrs), "abbr", 7)     # in place of the \b one
