"""Key events 2019–2027 on a time axis, one lane per kind of event, the key ones labelled.

Most events fall in 2025, and the axis shows that; the words of each event are in the
tooltip, the table and the page's timeline list. Announced targets are drawn hollow. A few
key events (named in data/charts.yaml `labels` as '<date> <category>': a short label) carry
their label under the dot, on the side with room, so a phone shows the story without a tooltip.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels, iso_day
from sitegen.render.l10n import at_line_start

from ._common import BLUE, TICK_GAP, colon, hover, tooltips, year_axis

DATASET = "timeline"
COLUMNS = {"date": "date", "event": "text", "category": "text"}
INTERACTIVE = True
CODED = ("category",)

DOMAIN = ("2019-01-01", "2027-12-31")
MIDDLE = "2023-07-01"        # a label right of its dot before this date, left of it after
LANE = 34                    # px per lane: the dot, and a key event's label under it


def key_labels(labels: Labels) -> dict[tuple[str, str], str]:
    """(ISO day, category) → short label, from the `labels` keys written '<date> <category>'."""
    out = {}
    for key, text in labels.text.items():
        date, _, category = key.partition(" ")
        if category and date[:4].isdigit():
            out[(iso_day(date), category)] = text
    return out


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    rows = [dict(r) for r in rows]
    keys = key_labels(labels)
    for row in rows:
        row["date_text"] = at_line_start(row["date_text"])      # it opens the tooltip and the spoken label
        row["_lane"] = labels.text.get(row["category"], row["category"])
        row["_aria"] = f"{row['date_text']}{colon(labels)}{row['event']}"
        row["_planned"] = row["category"] == "target"
        row["_key"] = keys.get((row["date"], row["category"]), "")
        row["_early"] = row["date"] < MIDDLE        # the label goes right of the dot, where there is room
    lanes = list(dict.fromkeys(labels.text[c] for c in labels.text if any(r["category"] == c for r in rows)))
    selected = hover("date", "event")
    x = alt.X("date:T", timeUnit="utcyearmonthdate", title=None, scale=alt.Scale(domain=list(DOMAIN)),
              axis=year_axis(labels, tickCount={"interval": "year", "step": 1}, labelOverlap=True,
                                labelSeparation=TICK_GAP))
    y = alt.Y("_lane:N", sort=lanes, title=None, axis=alt.Axis(ticks=False, domain=False, labelPadding=6))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x, y=y)
    points = base.mark_point(shape="circle", size=70, strokeWidth=1.5, stroke=BLUE).encode(
        fill=alt.condition("datum._planned", alt.value("transparent"), alt.value(BLUE)),
        fillOpacity=alt.condition(selected, alt.value(0.9), alt.value(0.35)),
        tooltip=tooltips(labels, "date_text", "event"),
        description=alt.Description("_aria:N"),
    ).add_params(selected)
    early, late = "datum._key && datum._early", "datum._key && !datum._early"
    right = base.transform_filter(early).mark_text(align="left", baseline="top", dx=-4, dy=8, fontSize=11,
                                                   fontWeight="bold", aria=False).encode(text="_key:N")
    left = base.transform_filter(late).mark_text(align="right", baseline="top", dx=4, dy=8, fontSize=11,
                                                 fontWeight="bold", aria=False).encode(text="_key:N")
    return alt.layer(points, right, left).properties(height=alt.Step(LANE))
