"""ChatGPT's weekly active users through 2025, as OpenAI stated them, each point labelled."""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.axis import time_format
from sitegen.charts.prepare import Labels

from ._common import BLUE, TICK_GAP, beside_line, colon, hover, number_axis, point_labels, tooltips

DATASET = "chatgpt_users"
COLUMNS = {"date": "date", "wau_millions": "number"}
INTERACTIVE = True


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    rows = [dict(r) for r in rows]
    for row in rows:
        row["_aria"] = f"{row['date_text']}{colon(labels)}{row['wau_millions_text']}"
    rows.sort(key=lambda r: r["date"])
    beside_line(rows, "wau_millions")          # each label on the side of its point away from the line
    year = min(r["date"] for r in rows)[:4]
    base = alt.Chart(alt.Data(values=rows)).encode(
        # The axis is one year long: its ticks name the months and its title the year (ticks that
        # each said 2025年 left room for two on a phone).
        x=alt.X("date:T", timeUnit="utcyearmonthdate", title=time_format(labels.lang, "year").replace("%Y", year),
                scale=alt.Scale(domain=[f"{year}-01-01", f"{year}-12-31"]),
                axis=alt.Axis(format=time_format(labels.lang, "month"), tickCount={"interval": "month", "step": 3},
                              grid=False, labelSeparation=TICK_GAP)),
        y=alt.Y("wau_millions:Q", title=labels.columns["wau_millions"], scale=alt.Scale(zero=True),
                axis=number_axis(labels.units["wau_millions"], labels, tickCount=4, titleAngle=0, titleAlign="left",
                                 titleAnchor="end", titleY=-12, titleX=0)),
    )
    selected = hover("date")
    line = base.mark_line(color=BLUE, aria=False)      # the points say each value (Vega's default named the fields)
    points = base.mark_point(filled=True, size=60, color=BLUE).encode(
        size=alt.condition(selected, alt.value(110), alt.value(60)),
        tooltip=tooltips(labels, "date_text", "wau_millions_text"),
        description=alt.Description("_aria:N"),
    ).add_params(selected)
    text = point_labels(base, "wau_millions_label:N")
    return alt.layer(line, points, text).properties(height=220)
