"""Key events 2019–2027 on a time axis, one lane per kind of event.

Most events fall in 2025, and the axis shows that; the words of each event are in the
tooltip, the table and the page's timeline list. Announced targets are drawn hollow.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from ..prepare import Labels
from ._common import BLUE, colon, hover, year_axis


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    rows = [dict(r) for r in rows]
    for row in rows:
        row["_lane"] = labels.text.get(row["category"], row["category"])
        row["_aria"] = f"{row['date_text']}{colon(labels)}{row['event']}"
        row["_planned"] = row["category"] == "target"
    lanes = list(dict.fromkeys(labels.text[c] for c in labels.text if any(r["category"] == c for r in rows)))
    selected = hover("date", "event")
    points = alt.Chart(alt.Data(values=rows)).mark_point(shape="circle", size=70, strokeWidth=1.5, stroke=BLUE).encode(
        x=alt.X("date:T", timeUnit="utcyearmonthdate", title=None,
                scale=alt.Scale(domain=["2019-01-01", "2027-12-31"]),
                axis=year_axis(labels, tickCount={"interval": "year", "step": 1}, labelOverlap=True)),
        y=alt.Y("_lane:N", sort=lanes, title=None, axis=alt.Axis(ticks=False, domain=False, labelPadding=6)),
        fill=alt.condition("datum._planned", alt.value("transparent"), alt.value(BLUE)),
        fillOpacity=alt.condition(selected, alt.value(0.9), alt.value(0.35)),
        tooltip=[alt.Tooltip("date_text:N", title=labels.columns["date"]),
                 alt.Tooltip("event:N", title=labels.columns["event"])],
        description=alt.Description("_aria:N"),
    ).add_params(selected)
    return alt.layer(points).properties(height=alt.Step(24))
