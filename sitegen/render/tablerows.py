"""Markdown table rows whose cells do not match their header, reported at their line.

Python-Markdown, as GitHub does, fills a short row with empty cells and drops the cells of a
long row past the header's: a '|' too many, or a figure typed into a column the table does not
have, vanished without a word. This preprocessor runs before the shortcodes (each line is still
its source line) and finds tables as the page's converter does, wherever they are (in a list
item, a quote, a footnote, a <div markdown="1">; never in code, an HTML comment or raw HTML).
A page whose separator rows ('|---|') all start their line, without raw HTML, has its tables
outside anything: its blocks are tested and split as the tables extension does. Otherwise
Python-Markdown's own block parser reads the page (the block extensions of markup.py; the tables
extension's processor notes each table's rows), and each table is found in the source, in order,
as consecutive lines ending with its rows after what contains them (an indent, a list marker,
'>'), outside what is kept as written. That parse costs ~2 ms a page, the scan 60 us: most
pages take the scan (all of the real site's: 68 us a page on average over content/).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor

from ..diagnostics import Location
from ..load.textcheck import unfenced
from .shortcodes import PageState

_SEPARATOR = set("|:- \t")
_CONTAINERS = _SEPARATOR | set(">*+0123456789.)")     # what may stand before a separator row's first '|'
_FOOTNOTE = re.compile(r"[ ]{0,3}\[\^[^\]]+\]:")
_RAW_HTML = re.compile(r"[ ]{0,3}<(!--|[A-Za-z][\w-]*)")
# What may stand before a row on its line: indents, quote marks, list and definition markers, a footnote's label.
_CONTAINER = re.compile(r"(?:[ >]|[-*+:] |\d+[.)] |\[\^[^\]]+\]: )*")


class _NotedTables(TableProcessor):
    """The tables extension's processor, noting each table's rows, their cell counts and its columns."""

    def __init__(self, parser: BlockParser):
        super().__init__(parser, {"use_align_attribute": False})
        self.tables: list[tuple[list[str], list[int], int]] = []

    def cells(self, rows: list[str]) -> tuple[list[int], int]:
        """The number of cells in each row under the separator, and of columns (after test())."""
        return [len(self._split_row(row.strip(" "))) for row in rows[2:]], len(self.separator)

    def run(self, parent: Element, blocks: list[str]) -> None:
        rows = blocks[0].split("\n")
        self.tables.append((rows, *self.cells(rows)))
        super().run(parent, blocks)


def _footnote_lines(lines: list[str]) -> set[int]:
    """The lines of footnote definitions: '[^x]:' at a line's start, and the indented lines after it."""
    found: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        inside = bool(_FOOTNOTE.match(line)) or (inside and (not line.strip() or line.startswith("    ")))
        if inside:
            found.add(index)
    return found


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
        # No separator row indented or quoted, and no raw HTML or comment (whose text is no table; a
        # <div markdown="1"> is Markdown): every table is a block of the page's own, which a scan
        # finds (60 us, not 2 ms).
        plain = all(line[0] not in " >" for line in separators) and not any(
            line[:1] == "<" and line[:2] != "</" and "markdown=" not in line for line in lines)
        tables = self._top_level(lines) if plain else self._nested(lines)
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
        root = self.blocks.parser.parseDocument(parsed).getroot()
        in_body = len(self.noted.tables)
        self.blocks.treeprocessors["footnote"].run(root)       # where footnotes' text is parsed, last
        kept, notes = self._kept_as_written(lines), _footnote_lines(lines)
        tables: list[tuple[int, list[int], int]] = []
        # The body's tables in order among the body's lines, then the footnotes' among theirs.
        for noted, where in ((self.noted.tables[:in_body], False), (self.noted.tables[in_body:], True)):
            source = ["" if index in kept or (index in notes) != where else line.rstrip()
                      for index, line in enumerate(lines)]
            start = 0
            for rows, cells, columns in noted:
                rows = [row.rstrip() for row in rows]
                if (first := self._find(source, rows, start)) is not None:
                    start = first + len(rows)
                    tables.append((first, cells, columns))
        return tables

    def _kept_as_written(self, lines: list[str]) -> set[int]:
        """The lines Python-Markdown keeps as written: fenced code, an HTML comment, a raw block of
        HTML (a block-level tag at a line's start, without markdown="1") up to where it closes. The
        parse found the tables; this only tells a copy of a table's rows there (an old version of
        the table, commented out above the new one) from the table itself."""
        kept = {index for index, _, live in unfenced(lines) if not live}
        index = 0
        while index < len(lines):
            opened = _RAW_HTML.match(lines[index])
            tag = opened[1].lower() if opened else ""
            if index in kept or "markdown=" in lines[index] or not (
                    tag == "!--" or tag in self.blocks.block_level_elements):
                index += 1
                continue
            first, depth = index, 0
            opens, closes = ((re.compile("<!--"), re.compile("-->")) if tag == "!--" else
                             (re.compile(rf"<{tag}\b", re.I), re.compile(rf"</{tag}\s*>", re.I)))
            while index < len(lines) and (depth > 0 or index == first):
                depth += len(opens.findall(lines[index])) - len(closes.findall(lines[index]))
                index += 1
                if tag == "hr":         # it never closes: the block goes on to a blank line
                    depth = 1 if index < len(lines) and lines[index].strip() else 0
            kept.update(range(first, index))
        return kept

    @staticmethod
    def _find(source: list[str], rows: list[str], start: int) -> int | None:
        """The index of the first of the consecutive lines, from `start`, that end with `rows` after
        nothing but what contains them (indents, '>', list markers)."""
        for first in range(start, len(source) - len(rows) + 1):
            lines = source[first:first + len(rows)]
            if all(line.endswith(row) and _CONTAINER.fullmatch(line[:len(line) - len(row)])
                                          for line, row in zip(lines, rows, strict=True)):
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
