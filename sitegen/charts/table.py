"""The data table under a chart: every described column, formatted for the language.

Numbers and dates are written by l10n (380億ドル / $38 billion); an empty number or
date cell means "not disclosed" (docs/authoring.md). A column of source ids shows each
source's publisher, linked; a column of codes (a chart's `coded` columns, e.g. the timeline's
categories) shows each code's name from data/charts.yaml `labels`, as the chart does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..load.model import Dataset, Source
from .prepare import chart_rows


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    missing: bool = False                 # not disclosed
    source: Source | None = None          # the cell names a source: link it


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def data_table(dataset: Dataset, lang: str, sources: Mapping[str, Source], not_disclosed: str,
               names: Mapping[str, Mapping[str, str]] | None = None) -> Table:
    """The table; `names` maps a coded column to {code: the code's name in this language}."""
    names = names or {}
    columns = dataset.columns
    rows = chart_rows(dataset, lang, not_disclosed)
    source_columns = {c.name for c in columns
                      if c.type == "text" and not c.localized and _all_sources([r[c.name] for r in rows], sources)}
    header = tuple(Cell(c.label[lang], numeric=c.type == "number") for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            if c.type in ("number", "date"):
                cells.append(Cell(row[f"{c.name}_text"], numeric=c.type == "number", missing=row[c.name] is None))
            elif c.name in names:
                cells.append(Cell(names[c.name].get(row[c.name], row[c.name])))
            elif c.name in source_columns and row[c.name]:
                source = sources[row[c.name]]
                cells.append(Cell(source.publisher, source=source))
            else:
                cells.append(Cell(row[c.name]))
        body.append(tuple(cells))
    return Table(header, tuple(body))


def _all_sources(values: list[str], sources: Mapping[str, Source]) -> bool:
    present = [v for v in values if v]
    return bool(present) and all(v in sources for v in present)
