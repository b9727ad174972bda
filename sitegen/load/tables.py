"""Chart tables (data/datasets/*.csv) read strictly: every row and cell checked before anything uses it.

A table that passes has a header, at least one row, rows as long as the header and each
on one line, and in each described column only what its type allows: finite numbers of a
sane size (after the column's scale), real dates, text without control characters.
Every problem is reported at its line, all at once; a table with any is not used (the
charts, facts and table views that read it stay quiet, see `SiteData.invalid`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostics, Location
from .model import Column
from .schema import number_problem, number_slip, parse_date, parse_number
from .textcheck import report_control_characters


def read_table(text: str, path: str, columns: Mapping[str, Column],
               diags: Diagnostics) -> tuple[list[str], list[dict[str, str]]] | None:
    """The header and the rows (column → cell) of a CSV text, checked against the described `columns` (cell
    name → column); None, with every problem located, if it has any."""
    if not report_control_characters(text, path, 1, diags):     # the csv module cannot read NULs
        return None
    if not text.strip():
        diags.error(Location(path, 1), "the table is empty", "write a header row, then one row per line")
        return None
    found = Diagnostics()
    header, rows = _rows(text, path, found)
    # Excel where ',' is the decimal mark saves with ';', a copy from a spreadsheet has tabs: one
    # column, and every described one 'missing'.
    if header and len(header) == 1 and (separator := next((s for s in ";\t" if s in header[0]), None)):
        found.error(Location(path, 1), "the header is one column: its cells are separated by "
                    f"{'tabs' if separator == chr(9) else repr(separator)}, not ','",
                    "save it as comma-separated CSV: in Excel, 'CSV UTF-8 (Comma delimited)'")
        header = None
    if header is not None:
        _check_header(header, path, found)
        if not rows and not found.items:
            found.error(Location(path, 1), "the table has a header but no rows", "add its rows, one per line")
        lines = text.split("\n")
        for line, cells in rows:
            _check_row(line, cells, cell_columns(lines[line - 1]), header, columns, path, found)
    diags.extend(found.items)
    if found.items or header is None:
        return None
    return header, [dict(zip(header, cells, strict=True)) for _, cells in rows]


def _rows(text: str, path: str, diags: Diagnostics) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header and (line, cells) of each row; a quote left open or a cell spanning lines is an error."""
    reader = csv.reader(io.StringIO(text), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = "a quote is not closed" if "end of data" in str(exc) else f"not valid CSV ({exc})"
            diags.error(Location(path, start), problem,
                        "close the quote, or write a quote inside a quoted cell as two: \"\"")
            return header, rows
        if reader.line_num != start:
            diags.error(Location(path, start), "a cell spans lines (is a quote left open?)",
                        "keep each row on one line; close the quote")
            continue
        if not cells:
            continue            # an empty line
        if header is None:
            header = [name.strip() for name in cells]
        else:
            rows.append((start, cells))
    return header, rows


def _check_header(header: list[str], path: str, diags: Diagnostics) -> None:
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name:
            diags.error(Location(path, 1), f"column {index} of the header has no name", "name every column")
        elif name in seen:
            diags.error(Location(path, 1), f"column '{name}' appears twice in the header", "rename one of them")
        seen.add(name)


def cell_columns(raw: str) -> list[int]:
    """The column (1-based, in characters) where each cell of a CSV line starts."""
    starts, quoted = [1], False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted         # a quote written twice inside a quoted cell toggles twice
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def _check_row(line: int, cells: Sequence[str], starts: list[int], header: list[str], columns: Mapping[str, Column],
               path: str, diags: Diagnostics) -> None:
    extra = len(cells) - len(header)
    # '1,250' in a number column, unquoted: its commas made cells of its digit groups.
    for index, name in enumerate(header if extra > 0 else ()):
        written = ",".join(cells[index:index + extra + 1])
        if (column := columns.get(name)) and column.type == "number" and (slip := number_slip(written)):
            diags.error(Location(path, line, starts[index]), f"column '{name}' has '{written}', whose commas "
                        f"separate cells", f"write {slip[0]}, {slip[1]}")
            return
    if extra:
        more = "more" if extra > 0 else "fewer"
        # A comma an input method typed ('，') separates nothing: located, if a cell of a short row has one.
        slip = next((start + cell.index("，") for cell, start in zip(cells, starts, strict=True) if "，" in cell),
                    None) if more == "fewer" else None
        diags.error(Location(path, line, slip), f"the row has {len(cells)} cells, {more} than the header's "
                    f"{len(header)}", "type ',' for the full-width '，', with the input method off" if slip
                    else "a cell that contains a comma must be quoted")
        return
    for name, cell, start in zip(header, cells, starts, strict=True):
        column = columns.get(name)
        problem = cell_problem(cell, column) if column is not None and cell else None
        if problem:
            diags.error(Location(path, line, start), f"column '{name}' {problem}")


def cell_problem(cell: str, column: Column) -> str | None:
    """What is wrong with a non-empty cell of this column, or None."""
    if column.type == "number":
        value, problem = parse_number(cell, column.scale)     # its example as the column writes it: 38, not 38e9
        if problem:
            return problem
        scaled = number_problem(value * column.scale)
        return f"{scaled} (after the column's scale, {column.scale:g})" if scaled else None
    if column.type == "date":
        return parse_date(cell, partial=True)[1]
    return None
