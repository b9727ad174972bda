"""The cloud infrastructure market's size by quarter, oldest first.

Bars run across, one per quarter, so the quarter names (2025年7〜9月期) fit on a phone. Every
quarter from the first to the last has its row (data/datasets/cloud_market.csv lists them all):
one without a sourced figure keeps its slot, with no bar and the words "no sourced figure"
(data/charts.yaml), so the gap between 2023 and 2025 is not closed up as if the bars were
consecutive quarters.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import ranked_bars, tooltips

DATASET = "cloud_market"
COLUMNS = {"quarter": "text", "quarter_end": "date", "market_usd_bn": "number"}
INTERACTIVE = False


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    rows = sorted(rows, key=lambda r: r["quarter_end"] or "")
    empty = labels.text["no_figure"]
    rows = [r if r["market_usd_bn"] is not None else {**r, "market_usd_bn_text": empty, "market_usd_bn_label": empty}
            for r in rows]
    tooltip = tooltips(labels, "quarter", "market_usd_bn_text")
    return ranked_bars(rows, labels, "quarter", "market_usd_bn", tooltip, sort=False,
                       names=[r["quarter"] for r in rows])
