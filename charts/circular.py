"""Money in, money out: each partner's investment in OpenAI against what OpenAI promised to buy from it.

Diverging bars from one zero line: investment into OpenAI to the right, OpenAI's purchase
commitments to the left, so a partner that is both funder and supplier shows as both at once.
A side with no disclosed figure says so in words at the zero line instead of drawing nothing.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import BLUE, GREY, ORANGE, colon, data, label_room, multiline_axis, short_name

DATASET = "circular"
COLUMNS = {"partner": "text", "into_openai_usd_bn": "number", "from_openai_usd_bn": "number",
           "into_note": "text", "from_note": "text"}
INTERACTIVE = False

SIDES = (("into", "into_openai_usd_bn", BLUE, 1), ("from", "from_openai_usd_bn", ORANGE, -1))


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    bars = []
    for row in rows:
        name = short_name(row["partner"])
        for side, column, _, sign in SIDES:
            value = row[column]
            bars.append({"_name": name, "_side": labels.text[side], "_x": sign * (value or 0),
                         "_label": row[f"{column}_label"], "_text": row[f"{column}_text"],
                         "_note": row[f"{side}_note"], "_left": sign < 0,
                         "_aria": f"{row['partner']}{colon(labels)}{labels.text[side]} {row[f'{column}_text']}"})
    left = label_room([b["_label"] for b in bars if b["_left"]])
    right = label_room([b["_label"] for b in bars if not b["_left"]])
    x_scale = alt.Scale(rangeMin={"expr": str(left)}, rangeMax={"expr": f"width - {right}"})
    base = alt.Chart(data(bars)).encode(
        y=alt.Y("_name:N", sort=list(dict.fromkeys(b["_name"] for b in bars)), title=None,
                axis=multiline_axis(ticks=False, domain=False, labelLimit=200, labelPadding=6)))
    sides = [labels.text[s] for s, *_ in SIDES]
    bar = base.mark_bar(height={"band": 0.72}).encode(
        x=alt.X("_x:Q", title=None, scale=x_scale, axis=alt.Axis(labels=False, ticks=False, grid=False, domain=False)),
        color=alt.Color("_side:N", scale=alt.Scale(domain=sides, range=[c for *_, c, _ in SIDES]),
                        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=400)),
        tooltip=[alt.Tooltip("_name:N", title=labels.columns["partner"]), alt.Tooltip("_side:N", title=" "),
                 alt.Tooltip("_text:N", title=" "), alt.Tooltip("_note:N", title=" ")],
        description=alt.Description("_aria:N"),
    )
    zero = alt.Chart(data([{"_x": 0}])).mark_rule(color=GREY, strokeWidth=1, aria=False).encode(
        x=alt.X("_x:Q", scale=x_scale))
    texts = [base.transform_filter(("" if at_left else "!") + "datum._left")
             .mark_text(align="right" if at_left else "left", baseline="middle", dx=-4 if at_left else 4, aria=False)
             .encode(x=alt.X("_x:Q", scale=x_scale), text=alt.Text("_label:N")) for at_left in (False, True)]
    lines = max(b["_name"].count("\n") + 1 for b in bars)
    return alt.layer(bar, zero, *texts).properties(height=alt.Step(max(28, 15 * lines + 10)))
