"""Markdown table rows whose cells do not match their header, reported at their line.

Python-Markdown, as GitHub does, fills a short row with empty cells and drops the cells of a
long row past the header's: a '|' too many, or a figure typed into a column the table does not
have, vanished without a word. This preprocessor runs before the shortcodes (each line is still
its source line) and finds tables as the tables extension does, with its own test and cell
splitting, so it reports exactly the rows the page shows otherwise than written.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor

from ..diagnostics import Location
from .shortcodes import PageState, unfenced

_SEPARATOR = set("|:- \t")


class TableRows(Preprocessor):
    state: PageState | None = None          # set for every page

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.tables = TableProcessor(md.parser, {"use_align_attribute": False})

    def run(self, lines: list[str]) -> list[str]:
        if not any("|" in line for line in lines):      # a page without a table: 2 us (57 on average here)
            return lines
        block: list[tuple[int, str]] = []       # the lines of a block: between blank lines and fences
        for index, line, live in [*unfenced(lines), (len(lines), "", False)]:
            if live and line.strip():
                block.append((index, line))
            elif block:
                self._check(block)
                block = []
        return lines

    def _check(self, block: list[tuple[int, str]]) -> None:
        # A table has rows under its separator line ('|---|--:|'): most blocks are paragraphs.
        if len(block) < 3 or not set(block[1][1]) <= _SEPARATOR or "-" not in block[1][1] \
                or not self.tables.test(None, "\n".join(line for _, line in block)):   # type: ignore[arg-type]
            return
        state = self.state
        assert state is not None, "set TableRows.state before converting"
        columns = len(self.tables.separator)
        for index, line in block[2:]:
            cells = len(self.tables._split_row(line.strip(" ")))
            if cells != columns:
                where = Location(state.page.source, state.page.body_line + index)
                message = f"this table row has {cells} cells, its header {columns}"
                state.diagnostics.warning(where, message + (f": the last {cells - columns} not shown"
                                                            if cells > columns else ""),
                                          "add a column to the header, or remove a '|'" if cells > columns
                                          else "write each cell, '| |' for an empty one")
