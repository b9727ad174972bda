"""OpenAI's revenue run rate (ARR) and the compute it had, on one time axis, two panels.

Two quantities in different units get a panel each rather than a dual axis, whose
relative scaling would be arbitrary. The panel titles say "ARR", not "revenue". Every
value is in the table; a label that would collide with the next one is left off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt

from sitegen.charts.axis import year_end_label_expr
from sitegen.charts.prepare import Labels

from ._common import BLUE, ORANGE, data, number_axis

DATASET = "revenue"
COLUMNS = {"period": "date", "arr_usd_bn": "number", "compute_gw": "number"}
INTERACTIVE = False

MIN_LABEL_GAP = 100       # days: a point closer than this to the next one is not labelled (the labels would collide)


def _panel(rows: list[dict[str, Any]], labels: Labels, value: str, color: str, x: alt.X) -> alt.LayerChart:
    points = [dict(r) for r in rows if r[value] is not None]     # own copies: both panels label rows
    for point, following in zip(points, [*points[1:], None], strict=True):
        close = following is not None and (dt.date.fromisoformat(following["period"])
                                           - dt.date.fromisoformat(point["period"])).days < MIN_LABEL_GAP
        point["_shown"] = "" if close else point[f"{value}_label"]
        # What a screen reader says of a point (Vega's default names the fields: 'arr_usd_bn: 2000000000').
        what, when, amount = labels.columns[value], point["period_text"], point[f"{value}_text"]
        point["_aria"] = f"{when}の{what}：{amount}" if labels.lang == "ja" else f"{what}, {when}: {amount}"
    base = alt.Chart(data(points)).encode(
        x=x, y=alt.Y(f"{value}:Q", title=None, axis=number_axis(labels.units[value], labels, tickCount=3)))
    line = base.mark_line(color=color, aria=False)
    dots = base.mark_point(color=color, size=50, filled=True, opacity=1).encode(description=alt.Description("_aria:N"))
    text = base.transform_filter("datum._shown != ''").mark_text(dy=-10, aria=False).encode(text="_shown:N")
    return alt.layer(line, dots, text).properties(title=alt.TitleParams(labels.columns[value], aria=False), height=130)


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.VConcatChart:
    rows = sorted(rows, key=lambda r: r["period"])
    dates = [r["period"] for r in rows]
    # Ticks at the year-end points (each December), labelled as year-ends: 2023年末 / End 2023.
    year_ends = [alt.DateTime(year=int(d[:4]), month=12, date=1, utc=True) for d in dates if d[5:7] == "12"]
    x = alt.X("period:T", timeUnit="utcyearmonth", title=None,
              scale=alt.Scale(domain=[f"{dates[0][:4]}-09-01", f"{dates[-1][:4]}-12-31"]),
              axis=alt.Axis(values=year_ends, labelExpr=year_end_label_expr(labels.lang), grid=False))
    top = _panel(rows, labels, "arr_usd_bn", BLUE, x)
    bottom = _panel(rows, labels, "compute_gw", ORANGE, x)
    return alt.vconcat(top, bottom, spacing=18).resolve_scale(x="shared")
