"""data/datasets/timeline.csv lists events in date order, as the timeline page shows them."""

from __future__ import annotations

import csv
import itertools
import re

from .conftest import REPO


def date_key(cell: str) -> tuple[int, int, int]:
    """Where a full or partial date falls: 2025-03 sorts at its month's start, 2026-H2 in July, 2027 in January."""
    year, _, rest = cell.partition("-")
    if rest in ("H1", "H2"):
        return int(year), 1 if rest == "H1" else 7, 1
    month, _, day = rest.partition("-")
    return int(year), int(month or 1), int(day or 1)


def test_partial_dates_sort_where_they_fall() -> None:
    cells = ["2026-H2", "2025-03", "2027", "2025-03-02", "2026-06-30", "2026-07-01"]
    assert sorted(cells, key=date_key) == ["2025-03", "2025-03-02", "2026-06-30", "2026-H2", "2026-07-01", "2027"]


def test_timeline_events_are_in_date_order() -> None:
    with (REPO / "data" / "datasets" / "timeline.csv").open(encoding="utf-8", newline="") as fp:
        dates = [row["date"] for row in csv.DictReader(fp)]
    assert len(dates) > 10 and all(re.fullmatch(r"\d{4}(-(\d\d|H[12])(-\d\d)?)?", d) for d in dates)
    out_of_order = [f"line {n + 3}: {b} after {a}" for n, (a, b) in enumerate(itertools.pairwise(dates))
                    if date_key(b) < date_key(a)]      # n + 3: the header is line 1, pair n ends on row n + 1
    assert out_of_order == [], "data/datasets/timeline.csv:\n  " + "\n  ".join(out_of_order)


def test_every_sourced_event_names_its_source_linked_or_not(real_site) -> None:
    """An event whose source has no confirmed address still says where it comes from."""
    tree = real_site
    rows = list(csv.DictReader((REPO / "data" / "datasets" / "timeline.csv").open(encoding="utf-8")))
    for lang in ("ja", "en"):
        page = tree[f"{lang}/timeline/index.html"].decode("utf-8")
        events = re.findall(r'<span class="timeline__text">(.*?)</span>\s*</li>', page, re.S)
        sourced = [row for row in rows if row["source"]]
        assert len(events) == len(rows)
        for row, event in zip(rows, events, strict=True):
            assert ('class="timeline__source"' in event) == bool(row["source"]), (row["source"], event)
        assert sourced


def test_each_events_date_opens_its_line_as_a_heading_does(real_site) -> None:
    """'Second half of 2026', as the chart's data table and tooltips write it, not 'second half of 2026'."""
    from sitegen.render.l10n import format_partial_date

    tree = real_site
    rows = list(csv.DictReader((REPO / "data" / "datasets" / "timeline.csv").open(encoding="utf-8")))
    for lang in ("ja", "en"):
        page = tree[f"{lang}/timeline/index.html"].decode("utf-8")
        shown = re.findall(r'<time class="timeline__date"[^>]*>([^<]*)</time>', page)
        written = [format_partial_date(row["date"], lang) for row in rows]
        assert shown == [text[:1].upper() + text[1:] for text in written]
    assert any(text[:1].islower() for text in (format_partial_date(row["date"], "en") for row in rows))
