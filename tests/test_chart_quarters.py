"""A chart of quarters shows every quarter from its first to its last, a quarter without a figure as
an empty slot that says so: bars side by side at even spacing read as consecutive quarters, and the
cloud-market chart went from Q3 2023 straight to Q1 2025, five quarters closed up out of sight.

A table is quarterly when its date column holds quarter ends only (03-31, 06-30, 09-30, 12-31).
Expected quarters are computed from its first and last dates; the drawings (wide and narrow), the
data table under them and the figure's note are read from the built real site, in each language.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Mapping

import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from .conftest import REPO

QUARTER_ENDS = ("03-31", "06-30", "09-30", "12-31")


def quarter_ends(first: str, last: str) -> list[str]:
    """Every quarter end from `first` to `last` (ISO dates, both quarter ends)."""
    year, quarter = int(first[:4]), QUARTER_ENDS.index(first[5:])
    ends = []
    while (end := f"{year}-{QUARTER_ENDS[quarter]}") <= last:
        ends.append(end)
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return ends


def missing_quarters(dates: list[str]) -> list[str]:
    """The quarter ends between the first and the last of `dates` that `dates` lacks."""
    ordered = sorted(dates)
    return [d for d in quarter_ends(ordered[0], ordered[-1]) if d not in set(dates)]


def test_quarters_are_counted_across_years_and_a_gap_is_found() -> None:
    assert quarter_ends("2023-09-30", "2024-06-30") == ["2023-09-30", "2023-12-31", "2024-03-31", "2024-06-30"]
    assert missing_quarters(["2023-09-30", "2025-03-31", "2025-06-30"]) == [
        "2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    assert missing_quarters(["2025-06-30", "2025-03-31"]) == []


def _rows(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def quarterly_tables() -> dict[str, str]:
    """Table name → its date column, for each table of data/datasets whose dates are all quarter ends."""
    found = {}
    for meta_path in sorted((REPO / "data" / "datasets").glob("*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        rows = _rows(meta_path.stem)
        for column, spec in meta["columns"].items():
            dates = [r[column] for r in rows if r.get(column)]
            if spec.get("type") == "date" and len(dates) > 1 and all(
                    re.fullmatch(r"\d{4}-\d\d-\d\d", d) and d[5:] in QUARTER_ENDS for d in dates):
                found[meta_path.stem] = column
    return found


def test_every_quarterly_table_lists_every_quarter_between_its_first_and_last() -> None:
    tables = quarterly_tables()
    assert "cloud_market" in tables, "the cloud market table is quarterly (quarter_end)"
    gaps = {name: missing_quarters([r[column] for r in _rows(name) if r[column]])
            for name, column in tables.items()}
    assert {name: g for name, g in gaps.items() if g} == {}, (
        "add a row for each missing quarter to data/datasets/<table>.csv, its figures left empty and its "
        "note saying there is no sourced figure: the chart keeps the quarter's slot empty")


def _charts_of(dataset: str) -> list[str]:
    """Chart ids ('cloud-market') whose module in charts/ draws `dataset`."""
    return [path.stem.replace("_", "-") for path in sorted((REPO / "charts").glob("*.py"))
            if re.search(rf'^DATASET = "{dataset}"$', path.read_text(encoding="utf-8"), re.MULTILINE)]


def _declared(chart: str, name: str) -> dict[str, str]:
    """A constant a chart module declares at its top (read as sitegen/charts/registry.py reads it)."""
    tree = ast.parse((REPO / "charts" / f"{chart.replace('-', '_')}.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body
                if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [name])


def _category_labels(svg: Node, names: list[str]) -> list[str]:
    """The axis labels of the drawing that name rows (a name on two lines is read as one)."""
    for group in svg.css("g.role-axis-label"):
        labels = ["".join(t.text() for t in text.css("tspan")) or text.text() for text in group.css("text")]
        if set(labels) & set(names):
            return labels
    return []


def _value_labels(svg: Node) -> list[str]:
    """The words beside (or in place of) each bar: the drawing's text marks."""
    return [t.text() for group in svg.css("g.mark-text.role-mark") for t in group.css("text")]


def test_a_quarterly_chart_keeps_every_quarter_in_its_drawings_table_and_note(
        real_site: Mapping[str, bytes]) -> None:
    words = yaml.safe_load((REPO / "data" / "charts.yaml").read_text(encoding="utf-8"))
    checked = []
    for table, column in quarterly_tables().items():
        meta = yaml.safe_load((REPO / "data" / "datasets" / f"{table}.yaml").read_text(encoding="utf-8"))
        name_column = next(iter(meta["columns"]))
        rows = sorted(_rows(table), key=lambda r: r[column])
        for chart in _charts_of(table):
            values = [c for c, kind in _declared(chart, "COLUMNS").items() if kind == "number"]
            empty = [r for r in rows if not any(r[v] for v in values)]
            for lang in ("ja", "en"):
                names = [r[f"{name_column}_{lang}"] for r in rows]
                gaps = [r[f"{name_column}_{lang}"] for r in empty]
                pages = [p for p, body in real_site.items()
                         if p.startswith(f"{lang}/") and p.endswith(".html") and f'id="chart-{chart}"'.encode() in body]
                assert pages, f"{chart}: no {lang} page shows it"
                for page in pages:
                    figure = HTMLParser(real_site[page].decode()).css_first(f"#chart-{chart}")
                    where = f"{page} #chart-{chart}"
                    assert [th.text().strip() for th in figure.css("tbody th")] == names, (
                        f"{where}: the table's rows are not every quarter in order")
                    for svg in figure.css(".chart__static svg"):
                        assert _category_labels(svg, names) == names, f"{where}: the drawing skips a quarter"
                        said = [w for w, r in zip(_value_labels(svg), rows, strict=True) if r in empty]
                        no_figure = words[chart].get("labels", {}).get("no_figure", {}).get(lang)
                        assert said == [no_figure] * len(empty), (
                            f"{where}: a quarter without a figure must say so in its slot "
                            f"(data/charts.yaml {chart}: labels: no_figure)")
                    if gaps:
                        notes = figure.css_first(".chart__notes")
                        assert notes is not None and gaps[0] in notes.text() and gaps[-1] in notes.text(), (
                            f"{where}: the note must name the quarters without a figure ({gaps[0]} to {gaps[-1]}): "
                            f"notes: in data/datasets/{table}.yaml")
                checked.append((chart, lang))
    assert ("cloud-market", "ja") in checked and ("cloud-market", "en") in checked
