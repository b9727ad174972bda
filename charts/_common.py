"""Building blocks the chart definitions share: axes, hover, ranked bars."""

from __future__ import annotations

import re
from typing import Any

import altair as alt

from sitegen.charts.axis import counted_in, number_label_expr, time_format
from sitegen.charts.prepare import Labels
from sitegen.charts.wrap import width_em, wrap

# Mark colours, each at least 3:1 against the light (#fff) and the dark (#0d1117) page, so one
# drawing serves both (tests/browser/test_charts_reading.py measures them in Chromium).
BLUE = "#4c78a8"          # 4.6:1 light, 4.1:1 dark
ORANGE = "#e45756"        # 3.6:1, 5.2:1
GREY = "#7d8590"          # 3.7:1, 5.1:1: "other", the remainder
SUBJECT = "#d9480f"       # 4.3:1, 4.4:1: the site's subject (AWS, OpenAI), set apart from the rest
# Rows are told apart by their English name (`<column>_id`, the same in both languages).
SUBJECTS = ("AWS", "Amazon Web Services", "OpenAI")
OTHERS = ("All others", "Other")
FONT_PX = 12              # axis and mark text size (spec.py's config)
NAME_EMS = 10             # a category name longer than this wraps onto a second line
LABEL_GAP = 5             # px between a point and its label (a point of size 50–60 has a radius of ~4 px)
TICK_GAP = 8              # px at least between two tick labels ("0 GW 4 GW" ran together on phones)
TICK_STEP = 70            # px at least from one tick to the next: closer gridlines crowd the bars

_PAREN = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def short_name(text: str, limit: float = 20) -> str:
    """A category name for an axis: past `limit` ems it loses its closing parenthesis ('SoftBank's
    Stargate sites (Lordstown, Ohio; …)' → 'SoftBank's Stargate sites'), and it wraps at NAME_EMS
    ('オラクル（スターゲート）' → two lines). Tooltips and the table keep the whole name."""
    if width_em(text) > limit:
        text = _PAREN.sub("", text) or text
    return "\n".join(wrap(text, NAME_EMS))


def colour_for(name: str) -> str:
    """SUBJECT for the site's subject, GREY for a remainder ("All others"), BLUE for the rest."""
    if name.startswith(SUBJECTS):
        return SUBJECT
    return GREY if name.startswith(OTHERS) else BLUE


def label_room(texts: list[str]) -> int:
    """px to keep right of the longest bar so its value label fits."""
    return round(max(width_em(t) for t in texts) * FONT_PX) + 10


def value_axis(labels: Labels, column: str, rows: list[dict[str, Any]], room: int, **kwargs: Any) -> alt.Axis:
    """A bar chart's value axis, its ticks plain numbers in the scale its title names ('金額（億ドル）':
    0 2000 4000, 'Capacity (GW)': 0 5 10), as many as fit the plot: three or more even on a phone,
    where ticks that each said 億ドル left room for two. A short unit (29%) stays on the ticks."""
    shown = [r for r in rows if r[column] is not None]
    title, top = labels.columns[column], max(r[column] for r in shown)
    counted = counted_in(labels.units[column], labels.lang, top)
    if counted is None:
        expr, widest = number_label_expr(labels.units[column], labels.lang), [r[f"{column}_label"] for r in shown]
    else:
        expr, words, size = counted
        widest = [f"{top / size:,.4g}0"]          # a digit more: the scale's nice end may be longer
        title = _with_unit(title, words, labels.lang) if words else title
    return alt.Axis(labelExpr=expr, title=title, tickCount=tick_count(widest, room), labelSeparation=TICK_GAP,
                    titleAlign="left", titleAnchor="start", **kwargs)


def _with_unit(title: str, words: str, lang: str) -> str:
    """'金額' → '金額（億ドル）', '金額（1年あたり）' → '金額（1年あたり、億ドル）'; 'Value' → 'Value ($ billions)'."""
    if lang == "ja":
        return f"{title[:-1]}、{words}）" if title.endswith("）") else f"{title}（{words}）"
    return f"{title[:-1]}, {words})" if title.endswith(")") else f"{title} ({words})"


def tick_count(labels: list[str], room: int | str = 0) -> dict[str, str]:
    """An axis's tick count as a Vega expression of the plot's width, so that ticks as wide as the
    widest of `labels` fit side by side (d3 may make up to √2 times as many as asked for) and at
    least three are asked for: a phone's axis read "0 GW … 10 GW" and nothing between."""
    each = max(TICK_STEP, (max(width_em(t) for t in labels) * FONT_PX + TICK_GAP) * 1.42)
    return {"expr": f"max(3, floor((width - {room}) / {each:.0f}))"}


def beside_line(points: list[dict[str, Any]], value: str) -> None:
    """Where each point's label goes so that the line through the points never crosses it (set as
    `_align`, `_baseline`, `_dx`, `_dy`; see point_labels): above and to the left of a point the
    line rises through (the line is below it on the left and climbs away on the right), above and to
    the right of one it falls through, above a peak, below a trough. An end point continues its
    one segment's way."""
    values = [p[value] for p in points]
    for i, point in enumerate(points):
        before = values[i - 1] if i else None
        after = values[i + 1] if i + 1 < len(values) else None
        rises_in = values[i] >= before if before is not None else None
        rises_out = after >= values[i] if after is not None else None
        rises_in = rises_out if rises_in is None else rises_in
        rises_out = rises_in if rises_out is None else rises_out
        if rises_in == rises_out:       # straight through: the side away from the line
            align, dx = ("right", -LABEL_GAP) if rises_in in (True, None) else ("left", LABEL_GAP)
            point.update(_align=align, _dx=dx, _baseline="bottom", _dy=-LABEL_GAP)
        else:                           # a peak or a trough: above or below it
            point.update(_align="center", _dx=0, _baseline="bottom" if rises_in else "top",
                         _dy=-LABEL_GAP if rises_in else LABEL_GAP)


def point_labels(base: alt.Chart, text: str) -> alt.Chart:
    """Text marks placed where beside_line put them."""
    return base.mark_text(align=alt.ExprRef("datum._align"), baseline=alt.ExprRef("datum._baseline"),
                          dx=alt.ExprRef("datum._dx"), dy=alt.ExprRef("datum._dy"), aria=False).encode(text=text)


def data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)


def number_axis(unit: str | None, labels: Labels, **kwargs: Any) -> alt.Axis:
    """An axis whose ticks read 200億ドル / $200B (see axis.py)."""
    return alt.Axis(labelExpr=number_label_expr(unit, labels.lang), **kwargs)


def year_axis(labels: Labels, **kwargs: Any) -> alt.Axis:
    return alt.Axis(format=time_format(labels.lang, "year"), **kwargs)


def multiline_axis(**kwargs: Any) -> alt.Axis:
    """Axis labels with '\\n' in them drawn on several lines."""
    return alt.Axis(labelExpr="split(datum.label, '\\n')", **kwargs)


def colon(labels: Labels) -> str:
    return "：" if labels.lang == "ja" else ": "


def hover(*fields: str) -> alt.Parameter:
    # Named: Altair would otherwise number parameters per process (param_7), changing the output.
    return alt.selection_point(name="hover", on="pointerover", clear="pointerout", fields=list(fields),
                               empty=True)


def tooltips(labels: Labels, *fields: str) -> list[alt.Tooltip]:
    """A tooltip line per field, titled with its column's label ('gw_text' and '_gw' are column 'gw')."""
    return [alt.Tooltip(f"{field}:N", title=labels.columns[field.removesuffix("_text").lstrip("_")])
            for field in fields]


def ranked_bars(rows: list[dict[str, Any]], labels: Labels, name: str, value: str,
                tooltip: list[alt.Tooltip], sort: bool = True,
                names: list[str] | None = None) -> alt.LayerChart:
    """Horizontal bars, one per row, with the Babel-written value at the end of each bar.

    Rows without a value keep their place with "not disclosed" instead of a bar, so a
    missing figure is visible as missing rather than as zero. No total is drawn.
    """
    rows = [dict(r) for r in rows]          # add fields to copies: the caller's rows stay as they were
    if sort:
        rows = sorted(rows, key=lambda r: (r[value] is None, -(r[value] or 0)))
    for row, shown in zip(rows, names or [short_name(r[name]) for r in rows], strict=True):
        row["_name"] = shown
        row["_x"] = row[value] or 0
        row["_aria"] = f"{row[name]}{colon(labels)}{row[f'{value}_text']}"
        row["_colour"] = colour_for(row.get(f"{name}_id", row[name]))
    order = [r["_name"] for r in rows]
    y = alt.Y("_name:N", sort=order, title=None,
              axis=multiline_axis(ticks=False, domain=False, labelLimit=200, labelPadding=6))
    # Room right of the longest bar for its label; a row without a value has its words at 0, not there.
    room = label_room([r[f"{value}_label"] for r in rows if r[value] is not None] or [""])
    x_scale = alt.Scale(zero=True, rangeMax={"expr": f"width - {room}"})
    base = alt.Chart(data(rows)).encode(y=y)
    # Every bar keeps its colour when another is hovered (dimmed bars fell under 3:1); the
    # tooltip says which one the pointer is on.
    bars = base.mark_bar(height={"band": 0.72}).encode(
        x=alt.X(f"{value}:Q", scale=x_scale, axis=value_axis(labels, value, rows, room)),
        color=alt.Color("_colour:N", scale=None, legend=None),
        tooltip=tooltip,
        description=alt.Description("_aria:N"),
    )
    text = base.mark_text(align="left", baseline="middle", dx=5, aria=False).encode(
        x=alt.X("_x:Q", scale=x_scale),
        text=alt.Text(f"{value}_label:N"),
        fillOpacity=alt.condition(f"datum['{value}'] === null", alt.value(0.7), alt.value(1)),
    )
    lines = max(n.count("\n") + 1 for n in order)
    return alt.layer(bars, text).properties(height=alt.Step(max(28, 15 * lines + 10)))
