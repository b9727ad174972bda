"""Compute capacity announced by partner, in gigawatts: side by side, never stacked.

The figures overlap (NVIDIA systems can sit in Oracle's sites), so there is no sum.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import ranked_bars, tooltips

DATASET = "capacity"
COLUMNS = {"partner": "text", "gw": "number", "basis": "text", "first_capacity": "text", "completion": "text"}
INTERACTIVE = True


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    tooltip = tooltips(labels, "partner", "gw_text", "basis", "first_capacity", "completion")
    return ranked_bars(rows, labels, "partner", "gw", tooltip)
