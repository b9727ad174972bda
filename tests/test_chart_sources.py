"""A chart's source line names every source its table's rows cite.

The line under a chart ("Sources: …", 出典：…) is the `sources:` list of the table's .yaml; a
table that cites a source per row (a `source` column, or `<x>_source`) must list each of them
there, or the chart credits one publication while its own table cites another (the timeline
credited Bloomberg for the round OpenAI announced on March 31, 2026, which its row cites to
OpenAI). The list may name more: sources that back a row beside the one in its cell."""

from __future__ import annotations

import csv

import yaml

from .conftest import REPO


def uncredited(rows: list[dict[str, str]], listed: list[str]) -> list[str]:
    """Source ids the rows cite (in any column named 'source' or ending '_source') that the list lacks."""
    cited = [s for row in rows for column, cell in row.items()
             if column == "source" or column.endswith("_source") for s in cell.split()]
    return sorted(set(cited) - set(listed))


def test_a_row_source_missing_from_the_list_is_found() -> None:
    rows = [{"date": "2026-03-31", "source": "openai-round"}, {"date": "2026", "arr_source": "a b"}]
    assert uncredited(rows, ["bloomberg-round", "a"]) == ["b", "openai-round"]
    assert uncredited(rows, ["openai-round", "a", "b", "bloomberg-round"]) == []


def test_every_source_a_chart_table_cites_is_on_its_source_line() -> None:
    tables = sorted((REPO / "data" / "datasets").glob("*.csv"))
    checked, missing = 0, {}
    for table in tables:
        with table.open(encoding="utf-8", newline="") as fp:
            rows = list(csv.DictReader(fp))
        if not any(c == "source" or c.endswith("_source") for c in rows[0]):
            continue
        checked += 1
        meta = yaml.safe_load(table.with_suffix(".yaml").read_text(encoding="utf-8"))
        if lacking := uncredited(rows, meta.get("sources", [])):
            missing[table.stem] = lacking
    assert checked >= 4, "the timeline, commitments, capacity and revenue tables cite per row"
    assert missing == {}, f"add to the table's sources: list in its .yaml: {missing}"
