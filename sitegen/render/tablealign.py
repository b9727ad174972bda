"""Table column alignment (`| --: |`) as classes, for pages that allow no style attributes.

Python-Markdown's tables extension writes `style="text-align: right"` on each cell of an
aligned column, which the site's Content-Security-Policy blocks (`style-src 'self'`). This
extension turns it into `class="align-right"` (left, center, right); static/css/site.css
aligns those cells.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_ALIGN = re.compile(r"^\s*text-align:\s*(left|center|right)\s*;?\s*$")


class _AlignClasses(Treeprocessor):
    def run(self, root: Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("th", "td"):
                continue
            match = _ALIGN.match(cell.get("style", ""))
            if match is None:
                continue
            del cell.attrib["style"]
            cell.set("class", " ".join(filter(None, [cell.get("class"), f"align-{match.group(1)}"])))


class TableAlignExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # The tables block processor sets the style while parsing; any tree step comes after it.
        md.treeprocessors.register(_AlignClasses(md), "sitegen_table_align", 25)
