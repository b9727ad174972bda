"""Numbers in charts: 380億ドル and $38 billion from Babel, axis ticks from labelExpr, never 円."""

from __future__ import annotations

import csv
import html
import itertools
import re

import pytest

from sitegen.charts.axis import number_label_expr
from sitegen.render.l10n import format_money, format_quantity

from .conftest import Built

_AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
_AXIS_TITLES = re.compile(r'<g class="mark-text role-axis-title"[^>]*>(.*?)</g>', re.S)
_TEXT = re.compile(r"<text\b([^>]*[^/])>(.*?)</text>", re.S)     # not <text …/> (empty)


def figure(built: Built, lang: str, chart_id: str) -> str:
    page = built.text(f"{lang}/charts/index.html")
    start = page.index(f'<figure class="chart" id="chart-{chart_id}"')
    return page[start:page.index("</figure>", start)]


def wide_svg(built: Built, lang: str, chart_id: str) -> str:
    html = figure(built, lang, chart_id)
    return html[html.index('<div class="chart__wide">'):html.index('<div class="chart__narrow"')]


def axis_labels(svg: str) -> list[str]:
    """Visible tick labels (Vega hides overlapping ones with opacity 0)."""
    return [re.sub(r"<[^>]+>", "", body) for group in _AXIS_LABELS.findall(svg)
            for attrs, body in _TEXT.findall(group) if 'opacity="0"' not in attrs]


def mark_texts(svg: str) -> list[str]:
    return [body for group in re.findall(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
            for _attrs, body in _TEXT.findall(group)]


def test_japanese_usd_ticks_read_oku_doru(built: Built) -> None:
    ticks = [label for label in axis_labels(wide_svg(built, "ja", "revenue")) if "ドル" in label or label == "0"]
    assert "100億ドル" in ticks
    assert all(re.fullmatch(r"0|\d+億ドル|\d+(\.\d+)?兆ドル", tick) for tick in ticks), ticks


def test_english_usd_ticks_read_dollars_and_b(built: Built) -> None:
    labels = axis_labels(wide_svg(built, "en", "revenue"))
    assert "$10B" in labels and "$20B" in labels


@pytest.mark.parametrize(("lang", "title", "size"), [("ja", "金額（億ドル）", 1e8), ("en", "Value ($ billions)", 1e9)])
def test_a_bar_charts_ticks_count_in_the_scale_its_axis_title_names(built: Built, lang: str, title: str,
                                                                     size: float) -> None:
    """'金額（億ドル）' over 0 1000 2000 …: ticks that each said 億ドル left room for two on a phone.
    The ticks, read in the title's scale, are evenly spaced from 0 and reach the largest value."""
    svg = wide_svg(built, lang, "commitments")
    table = built.root / "data" / "datasets" / "commitments.csv"
    top = max(float(row["usd_bn"]) * 1e9 for row in csv.DictReader(table.open(encoding="utf-8")) if row["usd_bn"])
    titles = [re.sub(r"<[^>]+>", "", body) for group in _AXIS_TITLES.findall(svg) for _a, body in _TEXT.findall(group)]
    assert title in titles
    ticks = [float(label.replace(",", "")) for label in axis_labels(svg) if label[0].isdigit()]
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert ticks[0] == 0 and len(ticks) >= 3 and len(steps) == 1, ticks
    assert ticks[-1] <= top / size < ticks[-1] + steps.pop(), (ticks, top / size)


def test_counts_and_years(built: Built) -> None:
    assert "8億" in axis_labels(wide_svg(built, "ja", "chatgpt-users"))
    assert "800M" in axis_labels(wide_svg(built, "en", "chatgpt-users"))
    assert "2025年" in axis_labels(wide_svg(built, "ja", "timeline"))
    assert "2025" in axis_labels(wide_svg(built, "en", "timeline"))


def test_bar_labels_are_babel_formatted(built: Built) -> None:
    ja = mark_texts(wide_svg(built, "ja", "commitments"))
    en = mark_texts(wide_svg(built, "en", "commitments"))
    assert {"380億ドル", "3000億ドル", "224億ドル", "非公表"} <= set(ja)
    assert {"$38B", "$300B", "$22.4B", "not disclosed"} <= set(en)
    assert format_money(38e9, "USD", "ja") in ja and format_money(38e9, "USD", "en", "short") in en


def test_each_panel_labels_its_own_quantity(built: Built) -> None:
    texts = mark_texts(wide_svg(built, "ja", "revenue"))
    assert texts == ["20億ドル", "60億ドル", "120億ドル", "200億ドル", "0.2GW", "0.6GW", "1.9GW"]


def test_the_prose_fact_and_the_chart_agree(built: Built) -> None:
    """{{ fact }} uses format_quantity; the chart's labels come from the same function."""
    assert format_quantity(22.4e9, "usd", "ja") in mark_texts(wide_svg(built, "ja", "commitments"))
    assert format_quantity(4.5, "gw", "en", "short") in mark_texts(wide_svg(built, "en", "capacity"))


def test_japanese_charts_never_print_yen(built: Built) -> None:
    for chart_id in ("commitments", "cloud-market", "revenue"):
        assert "円" not in figure(built, "ja", chart_id)


def test_japanese_text_is_measured_with_ipaexgothic(built: Built) -> None:
    """Drawn in IPAexGothic, which the drawing names first, once, on its root (svg.py)."""
    svg = wide_svg(built, "ja", "commitments")
    fonts = re.findall(r'<(\w+)[^>]* font-family="([^"]+)"', svg)
    assert len(fonts) == 1 and fonts[0][0] == "svg" and fonts[0][1].startswith("IPAexGothic, ")


TICKS = [0, 5e9, 2e10, 3.8e10, 1e11, 2.5e11, 3e11, 5e11, 1e12, 1.5e12, 2e12]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_label_expression_agrees_with_babel(lang: str) -> None:
    """Run the axis expression in Vega itself (vl-convert) on tick-like values."""
    vl_convert = pytest.importorskip("vl_convert")
    spec = {
        "width": 200, "height": 20 * len(TICKS),
        "data": [{"name": "ticks", "values": [{"value": v, "i": i} for i, v in enumerate(TICKS)]}],
        "marks": [{"type": "text", "from": {"data": "ticks"}, "encode": {"enter": {
            "x": {"value": 0}, "y": {"signal": "datum.i * 20"},
            "text": {"signal": number_label_expr("usd", lang)}}}}],
    }
    svg = vl_convert.vega_to_svg(spec)
    written = [body for _attrs, body in _TEXT.findall(svg)]
    expected = [format_money(v, "USD", lang, "short") if v else "0" for v in TICKS]
    assert written == expected


_MARK_ARIA = re.compile(r'<path aria-label="([^"]*)" role="graphics-symbol"')


def test_an_english_mark_is_announced_as_a_sentence_starts(built: Built) -> None:
    """A screen reader reads each mark's aria-label (and a tooltip shows its first line) on its own, so the
    date that opens it is capitalized as a heading would be: 'Second half of 2026: …', not 'second half…'."""
    svg = wide_svg(built, "en", "timeline")
    announced = [html.unescape(label) for label in _MARK_ARIA.findall(svg)]
    assert any(label.startswith("Second half of") for label in announced), announced
    assert [label for label in announced if not label[:1].isupper() and not label[:1].isdigit()] == []
