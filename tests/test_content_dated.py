"""Targets that have fallen due by the data cut-off are not called future ones.

The site is read long after it is written: a description saying 'the deployment targets still
ahead' or 今後の導入目標, true when the targets of 2026 were a year off, misleads once the cut-off
(site_as_of) reaches the year they were due. The dates come from the timeline's targets
(data/datasets/timeline.csv, category 'target'); the words from every place a reader meets the
site's text: the pages (front matter included: the description is what search results and
feeds show) and the data files' wording.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from .conftest import REPO
from .test_content_disagreements import site_facts

FUTURE_TARGETS = re.compile(
    r"今後(?:予定されている|の)(?:導入)?目標|今後の導入|"
    r"\btargets? (?:still )?ahead\b|\bupcoming (?:deployment )?targets?\b|\bforward-looking targets?\b",
    re.IGNORECASE)


def due_targets(rows: list[dict[str, str]], cut_off_year: int) -> list[str]:
    """The dates of the timeline's targets that fall in the cut-off's year or before it."""
    return [row["date"] for row in rows
            if row["category"] == "target" and int(row["date"][:4]) <= cut_off_year]


def future_wording(text: str) -> list[str]:
    """Each place in `text` that calls targets future, with a few characters around it."""
    return [text[max(0, m.start() - 15):m.end() + 5].replace("\n", " ") for m in FUTURE_TARGETS.finditer(text)]


def test_future_wording_is_found_and_dated_wording_passes() -> None:
    assert future_wording("…AWS deal, its 2026 expansion and the deployment targets still ahead.")
    assert future_wording("マイクロソフトの最初の出資から、今後予定されている導入目標までの主な出来事。")
    assert future_wording("2026年の拡大、今後の導入目標までの主な出来事です。")
    assert not future_wording("the deployment targets set for 2026 and 2027")
    assert not future_wording("2026〜2027年に設定された導入目標まで。今後の動きは未定です。")
    rows = [{"date": "2026-H2", "category": "target"}, {"date": "2027", "category": "target"},
            {"date": "2025-11-03", "category": "aws"}]
    assert due_targets(rows, 2026) == ["2026-H2"]
    assert due_targets(rows, 2025) == []


def _texts() -> dict[str, str]:
    paths = [*sorted((REPO / "content").rglob("*.md")), *sorted((REPO / "data").glob("*.yaml")),
             *sorted((REPO / "data" / "datasets").glob("*.yaml")),
             *sorted((REPO / "data" / "datasets").glob("*.csv"))]
    return {str(path.relative_to(REPO)): path.read_text(encoding="utf-8") for path in paths}


def test_no_text_calls_targets_due_by_the_cut_off_future() -> None:
    cut_off_year = int(str(site_facts()["site_as_of"]["value"])[:4])
    with Path(REPO / "data" / "datasets" / "timeline.csv").open(encoding="utf-8", newline="") as f:
        due = due_targets(list(csv.DictReader(f)), cut_off_year)
    if not due:
        pytest.skip(f"no target of data/datasets/timeline.csv is due by the cut-off ({cut_off_year})")
    found = {path: hits for path, text in _texts().items() if (hits := future_wording(text))}
    assert found == {}, (
        f"targets due by the cut-off ({', '.join(due)}) are written as if still to come; say which "
        "targets (e.g. 'the targets set for 2026 and 2027') or give their status at the cut-off:\n"
        + "\n".join(f"  {path}: {hit!r}" for path, hits in found.items() for hit in hits))
