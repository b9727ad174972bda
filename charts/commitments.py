"""OpenAI's 2025 compute commitments by partner: disclosed values as bars, no total.

The deals differ in kind (purchases, an investment into OpenAI, a joint-venture plan)
and overlap, so adding them up would mislead; undisclosed values say so in place.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import ranked_bars, tooltips

DATASET = "commitments"
COLUMNS = {"partner": "text", "deal_type": "text", "usd_bn": "number", "value_note": "text"}
INTERACTIVE = True


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    tooltip = tooltips(labels, "partner", "deal_type", "usd_bn_text", "value_note")
    return ranked_bars(rows, labels, "partner", "usd_bn", tooltip)
