"""OpenAI's revenue run rate (ARR) and the compute it had, on one time axis, two panels.

Two quantities in different units get a panel each rather than a dual axis, whose
relative scaling would be arbitrary. The panel titles say "ARR", not "revenue". Every
value is in the table; a label that would collide with the next one is left off, and each
label sits on the side of its point away from the line (_common.beside_line), with room left
for the first one before it and for the highest one above it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt

from sitegen.charts.axis import year_end_label_expr
from sitegen.charts.prepare import Labels
from sitegen.charts.spec import COMPOSITE_AXIS_ROOM, NARROW
from sitegen.charts.wrap import width_em

from ._common import BLUE, FONT_PX, LABEL_GAP, ORANGE, beside_line, data, number_axis, point_labels

DATASET = "revenue"
COLUMNS = {"period": "date", "arr_usd_bn": "number", "compute_gw": "number"}
INTERACTIVE = False

MIN_LABEL_GAP = 100       # days: a point closer than this to the next one is not labelled (the labels would collide)
HEIGHT = 130              # px: each panel's plot
HEADROOM = 1.2            # the y scale reaches this far above the highest point: room for its label
PLOT = NARROW - COMPOSITE_AXIS_ROOM       # px: the narrow drawing's plot, the tightest one


def _days(first: str, second: str) -> int:
    return (dt.date.fromisoformat(second) - dt.date.fromisoformat(first)).days


def _points(rows: list[dict[str, Any]], labels: Labels, value: str) -> list[dict[str, Any]]:
    points = [dict(r) for r in rows if r[value] is not None]     # own copies: both panels label rows
    for point, following in zip(points, [*points[1:], None], strict=True):
        close = following is not None and _days(point["period"], following["period"]) < MIN_LABEL_GAP
        point["_shown"] = "" if close else point[f"{value}_label"]
        # What a screen reader says of a point (Vega's default names the fields: 'arr_usd_bn: 2000000000').
        what, when, amount = labels.columns[value], point["period_text"], point[f"{value}_text"]
        point["_aria"] = f"{when}の{what}：{amount}" if labels.lang == "ja" else f"{what}, {when}: {amount}"
    beside_line(points, value)
    return points


def _panel(points: list[dict[str, Any]], labels: Labels, value: str, color: str, x: alt.X) -> alt.LayerChart:
    top = max(p[value] for p in points) * HEADROOM
    base = alt.Chart(data(points)).encode(
        x=x, y=alt.Y(f"{value}:Q", title=None, scale=alt.Scale(domain=[0, top], nice=False),
                     axis=number_axis(labels.units[value], labels, tickCount=3)))
    line = base.mark_line(color=color, aria=False)
    dots = base.mark_point(color=color, size=50, filled=True, opacity=1).encode(description=alt.Description("_aria:N"))
    text = point_labels(base.transform_filter("datum._shown != ''"), "_shown:N")
    # The panels' titles start where their plots do (from the axis labels' edge, they did not line up).
    title = alt.TitleParams(labels.columns[value], aria=False, frame="group")
    return alt.layer(line, dots, text).properties(title=title, height=HEIGHT)


def _start(panels: list[list[dict[str, Any]]], end: str) -> str:
    """The time axis's first day: three months before the first point (its year-end tick), or
    earlier when the first point's label, left of it, needs more room on the narrow drawing."""
    first = min(p[0]["period"] for p in panels)
    room = max(width_em(p[0]["_shown"]) * FONT_PX + 2 * LABEL_GAP if p[0]["_align"] == "right" else 0
               for p in panels)
    after = _days(first, end)
    before = max(91, round(room * after / (PLOT - room)))      # before / (before + after) of PLOT is room
    return (dt.date.fromisoformat(first) - dt.timedelta(days=before)).isoformat()


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.VConcatChart:
    rows = sorted(rows, key=lambda r: r["period"])
    dates = [r["period"] for r in rows]
    panels = [_points(rows, labels, "arr_usd_bn"), _points(rows, labels, "compute_gw")]
    end = f"{dates[-1][:4]}-12-31"
    # Ticks at the year-end points (each December), labelled as year-ends: 2023年末 / End 2023.
    year_ends = [alt.DateTime(year=int(d[:4]), month=12, date=1, utc=True) for d in dates if d[5:7] == "12"]
    x = alt.X("period:T", timeUnit="utcyearmonth", title=None, scale=alt.Scale(domain=[_start(panels, end), end]),
              axis=alt.Axis(values=year_ends, labelExpr=year_end_label_expr(labels.lang), grid=False))
    top = _panel(panels[0], labels, "arr_usd_bn", BLUE, x)
    bottom = _panel(panels[1], labels, "compute_gw", ORANGE, x)
    return alt.vconcat(top, bottom, spacing=18).resolve_scale(x="shared")
