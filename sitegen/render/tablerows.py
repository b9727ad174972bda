"""Markdown table rows whose cells do not match their header, reported at their line.

Python-Markdown, as GitHub does, fills a short row with empty cells and drops the cells of a
long row past the header's: a '|' too many, or a figure typed into a column the table does not
have, vanished without a word. This preprocessor runs before the shortcodes (each line is still
its source line) and finds tables as the page's converter does, wherever they are (in a list
item, a quote, a footnote; never in a code block). A page whose separator rows ('|---|') all
start their line has its tables outside anything: its blocks are tested and split as the tables
extension does. Otherwise Python-Markdown's own block parser reads the page (the block extensions
of markup.py; the tables extension's processor notes each table's rows) and each table is found
in the source as consecutive lines ending with its rows (what an indent, a list marker or a '>'
leaves of each line). That parse costs ~2 ms a page, the scan 60 us: most pages take the scan.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor

from ..diagnostics import Location
from .shortcodes import PageState, unfenced

_SEPARATOR = set("|:- \t")
_CONTAINERS = _SEPARATOR | set(">*+0123456789.)")     # what may stand before a separator row's first '|'


class _NotedTables(TableProcessor):
    """The tables extension's processor, noting each table's rows, their cell counts and its columns."""

    def __init__(self, parser: BlockParser):
        super().__init__(parser, {"use_align_attribute": False})
        self.tables: list[tuple[list[str], list[int], int]] = []

    def cells(self, rows: list[str]) -> tuple[list[int], int]:
        """The number of cells in each row under the separator, and of columns (after test())."""
        return [len(self._split_row(row.strip(" "))) for row in rows[2:]], len(self.separator)

    def run(self, parent, blocks: list[str]) -> None:     # type: ignore[no-untyped-def]
        rows = blocks[0].split("\n")
        self.tables.append((rows, *self.cells(rows)))
        super().run(parent, blocks)


class TableRows(Preprocessor):
    state: PageState | None = None          # set for every page

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.blocks = Markdown(extensions=["fenced_code", "footnotes", "md_in_html", "def_list", "sane_lists", "abbr"])
        self.noted = _NotedTables(self.blocks.parser)
        self.blocks.parser.blockprocessors.register(self.noted, "table", 75)    # as the tables extension does

    def run(self, lines: list[str]) -> list[str]:
        separators = [line for line in lines if "|" in line and "-" in line and set(line) <= _CONTAINERS]
        if not separators:          # most pages: no separator row ('|---|--:|'), 2 us (57 on average here)
            return lines
        # No separator row indented or quoted: no table inside anything, and a scan finds them (60 us, not 2 ms).
        tables = self._top_level(lines) if all(line[0] not in " >" for line in separators) else self._nested(lines)
        for first, cells, columns in tables:
            self._warn(first + 2, cells, columns)
        return lines

    def _top_level(self, lines: list[str]) -> list[tuple[int, list[int], int]]:
        """The tables of a page whose tables are all outside lists, quotes and code blocks."""
        tables = []
        block: list[tuple[int, str]] = []       # the lines of a block: between blank lines and fences
        for index, line, live in [*unfenced(lines), (len(lines), "", False)]:
            if live and line.strip():
                block.append((index, line))
            elif block:
                rows = [line for _, line in block]
                if len(rows) >= 3 and set(rows[1]) <= _SEPARATOR and "-" in rows[1] \
                        and self.noted.test(None, "\n".join(rows)):     # type: ignore[arg-type]
                    tables.append((block[0][0], *self.noted.cells(rows)))
                block = []
        return tables

    def _nested(self, lines: list[str]) -> list[tuple[int, list[int], int]]:
        """The tables of a page as Python-Markdown's block parser finds them, each at its first line."""
        self.noted.tables = []
        self.blocks.reset()
        parsed = lines
        for step in self.blocks.preprocessors:
            parsed = step.run(parsed)
        self.blocks.parser.parseDocument(parsed)
        source = [line.rstrip() if live else "" for _, line, live in unfenced(lines)]
        tables, start = [], 0
        for rows, cells, columns in self.noted.tables:
            first = self._find(source, [row.rstrip() for row in rows], start)
            if first is not None:
                start = first + len(rows)
                tables.append((first, cells, columns))
        return tables

    @staticmethod
    def _find(source: list[str], rows: list[str], start: int) -> int | None:
        """The index of the first of the consecutive lines, from `start`, that end with `rows`."""
        for first in range(start, len(source) - len(rows) + 1):
            if all(source[first + offset].endswith(row) for offset, row in enumerate(rows)):
                return first
        return None

    def _warn(self, index: int, row_cells: list[int], columns: int) -> None:
        state = self.state
        assert state is not None, "set TableRows.state before converting"
        for offset, cells in enumerate(row_cells):
            if cells != columns:
                where = Location(state.page.source, state.page.body_line + index + offset)
                message = f"this table row has {cells} cell{'s' * (cells != 1)}, its header {columns}"
                state.diagnostics.warning(where, message + (f": the last {cells - columns} not shown"
                                                            if cells > columns else ""),
                                          "add a column to the header, or remove a '|'" if cells > columns
                                          else "write each cell, '| |' for an empty one")
