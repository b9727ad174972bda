"""The cloud infrastructure market's size by quarter, oldest first.

Bars run across, one per quarter, so the quarter names (2025年7〜9月期) fit on a phone;
the names also show the gap between the first two quarters.
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
    tooltip = tooltips(labels, "quarter", "market_usd_bn_text")
    return ranked_bars(rows, labels, "quarter", "market_usd_bn", tooltip, sort=False,
                       names=[r["quarter"] for r in rows])
