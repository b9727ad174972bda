"""Tables as the site's policies want them: alignment as classes, and no empty header cell.

Python-Markdown's tables extension writes `style="text-align: right"` on each cell of an
aligned column (`| --: |`), which the site's Content-Security-Policy blocks (`style-src 'self'`):
it becomes `class="align-right"` (left, center, right), and static/css/site.css aligns those cells.

An empty header cell (the corner of `| | Chatbot | Agent |`) is written as <td>: a <th> with no
text is a header that names nothing, screen readers announce it, and axe's best practice
(empty-table-header) flags it. The corner cell heads no row or column.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

_ALIGN = re.compile(r"^\s*text-align:\s*(left|center|right)\s*;?\s*$")


class TableCells(Treeprocessor):
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

