"""Tables: an empty header cell (the corner of `| | Chatbot | Agent |`) is written as <td>.

A <th> with no text is a header that names nothing: screen readers announce it, and axe's
best practice (empty-table-header) flags it. The corner cell heads no row or column, so it is
an ordinary empty cell.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _EmptyHeaders(Treeprocessor):
    def run(self, root: Element) -> None:
        for row in root.iter("tr"):
            for cell in row:
                if cell.tag == "th" and not "".join(cell.itertext()).strip() and not len(cell):
                    cell.tag = "td"


class TableCellsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # After inline parsing (20), when a cell's text is final.
        md.treeprocessors.register(_EmptyHeaders(md), "sitegen_empty_headers", 14)
