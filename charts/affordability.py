"""Can OpenAI pay? What it earns and burns next to what its compute plans cost a year, on one scale.

Reported figures, our own averages of announced totals and targets are told apart by colour,
named in the legend, so an average of commitments never reads as a bill already paid. Rows keep
the table's order: what OpenAI earns and burns, then what it has promised, then its goal.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import BLUE, GREY, ORANGE, colon, data, label_room, multiline_axis, short_name, tooltips, value_axis

DATASET = "affordability"
COLUMNS = {"item": "text", "usd_bn": "number", "basis": "text"}
INTERACTIVE = False
CODED = ("basis",)

COLOURS = (BLUE, ORANGE, GREY)     # in data/charts.yaml's label order: reported, derived, target


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    rows = [dict(r) for r in rows]
    for row in rows:
        row["_name"] = short_name(row["item"])
        row["_basis"] = labels.text[row["basis"]]
        row["_aria"] = f"{row['item']}{colon(labels)}{row['usd_bn_text']}（{row['_basis']}）" if labels.lang == "ja" \
            else f"{row['item']}{colon(labels)}{row['usd_bn_text']} ({row['_basis']})"
    kinds = list(labels.text.values())
    room = label_room([r["usd_bn_label"] for r in rows])
    x_scale = alt.Scale(zero=True, rangeMax={"expr": f"width - {room}"})
    base = alt.Chart(data(rows)).encode(
        y=alt.Y("_name:N", sort=[r["_name"] for r in rows], title=None,
                axis=multiline_axis(ticks=False, domain=False, labelLimit=200, labelPadding=6)))
    bars = base.mark_bar(height={"band": 0.72}).encode(
        x=alt.X("usd_bn:Q", scale=x_scale, axis=value_axis(labels, "usd_bn", rows, room)),
        color=alt.Color("_basis:N", scale=alt.Scale(domain=kinds, range=list(COLOURS[:len(kinds)])),
                        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=400)),
        tooltip=tooltips(labels, "item", "usd_bn_text", "_basis"),
        description=alt.Description("_aria:N"),
    )
    text = base.mark_text(align="left", baseline="middle", dx=5, aria=False).encode(
        x=alt.X("usd_bn:Q", scale=x_scale), text=alt.Text("usd_bn_label:N"))
    lines = max(r["_name"].count("\n") + 1 for r in rows)
    return alt.layer(bars, text).properties(height=alt.Step(max(28, 15 * lines + 10)))
