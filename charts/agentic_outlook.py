"""Gartner's agentic-AI forecasts: one bar per measure, with the measure written out above it.

The measures count different things, so each bar stands alone (no total), and each
says in full what is counted and by when: too long for an axis, so the words sit
above their bar, wrapped to fit a phone's width. A forecast Gartner bounds ("more than 40%",
"at least 15%") keeps its bound on the bar, in the tooltip and for screen readers: the
`target_bound` codes, named in data/charts.yaml, as the prose's {{ fact }} writes them.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels
from sitegen.charts.wrap import wrap

from ._common import BLUE, colon, data, label_room, tooltips

DATASET = "agentic_outlook"
COLUMNS = {"metric": "text", "target_by": "text", "target_pct": "number", "target_bound": "text"}
CODED = ("target_bound",)
INTERACTIVE = False

LINE, BAR = 15, 16          # px: one line of the label, the bar's thickness


def bounded(value: str, bound: str, labels: Labels) -> str:
    """'40%' with its bound: '40%超' / 'more than 40%'; unchanged for an exact figure."""
    if not bound:
        return value
    word = labels.text[bound]
    return f"{value}{word}" if labels.lang == "ja" else f"{word} {value}"


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    ja = labels.lang == "ja"
    rows = [dict(r) for r in rows]
    for index, row in enumerate(rows):
        for shown in ("target_pct_text", "target_pct_label"):
            row[shown] = bounded(row[shown], row["target_bound"], labels)
        words = f"{row['metric']}（{row['target_by']}）" if ja else f"{row['metric']} ({row['target_by']})"
        row["_words"] = wrap(words, 24)              # ~300 px at 12 px: the narrow chart's width
        row["_key"] = str(index)
        row["_aria"] = f"{words}{colon(labels)}{row['target_pct_text']}"
    lines = max(len(r["_words"]) for r in rows)
    step = lines * LINE + BAR + 22
    top = -step / 2 + 6                               # from the band's middle to its top
    bar_offset = top + lines * LINE + 4 + BAR / 2     # the bar's middle, below the words
    room = label_room([r["target_pct_label"] for r in rows])
    x_scale = alt.Scale(zero=True, domain=[0, 100], rangeMax={"expr": f"width - {room}"})
    base = alt.Chart(data(rows)).encode(y=alt.Y("_key:N", title=None, axis=None))
    words = base.mark_text(align="left", baseline="top", yOffset=top, lineHeight=LINE, aria=False).encode(
        x=alt.value(0), text="_words:N")
    bars = base.mark_bar(color=BLUE, height=BAR, yOffset=bar_offset).encode(
        x=alt.X("target_pct:Q", title=labels.columns["target_pct"], scale=x_scale,
                axis=alt.Axis(labelExpr="datum.value + '%'", tickCount=5, titleAlign="left", titleAnchor="start",
                              grid=False)),      # gridlines ran through the words over the bars
        tooltip=tooltips(labels, "metric", "target_by", "target_pct_text"),
        description=alt.Description("_aria:N"))
    value = base.mark_text(align="left", baseline="middle", dx=5, yOffset=bar_offset, fontWeight="bold",
                           aria=False).encode(x=alt.X("target_pct:Q", scale=x_scale), text="target_pct_label:N")
    return alt.layer(words, bars, value).properties(height=alt.Step(step))
