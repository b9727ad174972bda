"""A dataset in one language: as a chart definition reads it, and as the data table under the chart shows it.

For a definition, numbers are scaled and words precomputed. Vega cannot write 380億ドル, so
every number also arrives formatted by l10n (Babel): `<column>_text` (long: 380億ドル /
$38 billion, for tooltips) and `<column>_label` (short: 380億ドル / $38B, for labels on marks).
The prose's `{{ fact }}`, the table and the chart therefore say the same thing. Importable
without Altair.

The table has every described column. An empty number or date cell means "not disclosed"
(docs/authoring.md). A column of source ids shows each source's publisher, linked; a column of
codes (a chart's `coded` columns, e.g. the timeline's categories) shows each code's name from
data/charts.yaml `labels`, as the chart does.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Location, did_you_mean
from ..load.model import ChartText, Dataset, Source
from ..load.tables import cell_columns
from ..render.l10n import at_line_start, format_number, format_partial_date, format_quantity
from ..render.shortcodes import ShortcodeError
from ..render.typography import smart_plain
from .registry import CHARTS_DIR, ChartDef

CHARTS_FILE = "data/charts.yaml"


@dataclass(frozen=True)
class Labels:
    """The words a chart definition may use, in one language."""

    lang: str
    columns: Mapping[str, str]            # column → its label (axis and tooltip titles)
    units: Mapping[str, str | None]       # column → unit, for axis label expressions
    text: Mapping[str, str]               # chart-specific words from data/charts.yaml `labels`
    not_disclosed: str


def check_chart(chart: ChartDef, datasets: Mapping[str, Dataset], texts: Mapping[str, ChartText],
                shown_on: str = "") -> Dataset:
    """The chart's dataset, if it has every column the chart needs and a label for each code; otherwise a
    ShortcodeError at the data's place, in the same words for every page placing the chart (said once):
    `shown_on`, those pages ('content/ja/x.md and content/en/x.md')."""
    on = f"; it is placed on {shown_on}" if shown_on else ""
    dataset = datasets.get(chart.dataset)
    if dataset is None:
        raise ShortcodeError(f"chart '{chart.id}' needs data/datasets/{chart.dataset}.csv{on}",
                             f"add the table and data/datasets/{chart.dataset}.yaml describing it",
                             Location(f"{CHARTS_DIR}/{chart.module.name}"))
    meta = dataset.location.path
    for name, kind in chart.columns.items():
        column = dataset.column(name)
        if column is None:
            raise ShortcodeError(f"chart '{chart.id}' needs column '{name}' in {dataset.csv_path}{on}",
                                 f"add it to the table and describe it in {meta}", Location(dataset.csv_path, 1))
        if column.type != kind:
            raise ShortcodeError(f"chart '{chart.id}' needs column '{name}' to be {kind}, but {meta} says "
                                 f"{column.type}{on}", f"write type: {kind}", column.location)
    text = texts.get(chart.id)
    if text is None:
        raise ShortcodeError(f"chart '{chart.id}' has no caption in {CHARTS_FILE}{on}",
                             f"add '{chart.id}:' with 'takeaway: {{ja: …, en: …}}'", Location(CHARTS_FILE))
    for name in chart.coded:
        for index, row in enumerate(dataset.rows):
            if (value := row.get(name, "")) and value not in text.labels:
                near = did_you_mean(value, text.labels)
                raise ShortcodeError(f"chart '{chart.id}' has no label for {name} '{value}' in {CHARTS_FILE}{on}",
                                     (f"{near} If not, " if near else "") + f"add '{value}: {{ja: …, en: …}}' under "
                                     f"'{chart.id}: labels:'", _cell_place(dataset, index, name))
    return dataset


def _cell_place(dataset: Dataset, index: int, name: str) -> Location:
    """Where row `index`'s cell of column `name` is in the CSV (each row is one line; blank lines are skipped)."""
    lines = [(number, line) for number, line in enumerate(dataset.csv_text.split("\n"), 1) if line]
    header = [cell.strip() for cell in next(csv.reader([lines[0][1]]))]
    number, line = lines[index + 1]
    return Location(dataset.csv_path, number, cell_columns(line)[header.index(name)])


def chart_labels(dataset: Dataset, text: ChartText, lang: str, not_disclosed: str) -> Labels:
    return Labels(lang=lang,
                  columns={c.name: smart_plain(c.label[lang], lang) for c in dataset.columns},
                  units={c.name: c.unit for c in dataset.columns},
                  text={key: smart_plain(value[lang], lang) for key, value in text.labels.items()},   # in yaml order
                  not_disclosed=not_disclosed)


def chart_rows(dataset: Dataset, lang: str, not_disclosed: str) -> list[dict[str, Any]]:
    """Every CSV row in this language: text resolved, numbers scaled, dates ISO, words formatted."""
    rows = []
    for raw in dataset.rows:
        row: dict[str, Any] = {}
        for column in dataset.columns:
            name = column.name
            cell = (raw.get(f"{name}_{lang}") if column.localized else raw.get(name)) or ""
            if column.type == "number":
                value = float(cell) * column.scale if cell else None
                row[name] = value
                row[f"{name}_text"] = _number(value, column.unit, lang, "long") if cell else not_disclosed
                row[f"{name}_label"] = _number(value, column.unit, lang, "short") if cell else not_disclosed
            elif column.type == "date":
                row[name] = iso_day(cell) if cell else None
                row[f"{name}_text"] = format_partial_date(cell, lang) if cell else not_disclosed
            else:
                row[name] = smart_plain(cell, lang)
                if column.localized:      # the same in every language: what a definition may match on
                    row[f"{name}_id"] = raw.get(f"{name}_en") or cell
        rows.append(row)
    return rows


def _number(value: float | None, unit: str | None, lang: str, style: str) -> str:
    return format_quantity(value, unit, lang, style) if unit else format_number(value, lang)


def iso_day(text: str) -> str:
    """'2025-03' → '2025-03-01', '2026-H2' → '2026-07-01', '2027' → '2027-01-01': a point on a time axis."""
    if text[5:] in ("H1", "H2"):
        return f"{text[:4]}-{'01' if text[5:] == 'H1' else '07'}-01"
    return text + "-01" * (2 - text.count("-"))


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
            if c.type == "number":
                cells.append(Cell(row[f"{c.name}_text"], numeric=True, missing=row[c.name] is None))
            elif c.type == "date":
                missing = row[c.name] is None
                date = row[f"{c.name}_text"]
                cells.append(Cell(date if missing else at_line_start(date), missing=missing))
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
