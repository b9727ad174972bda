"""Compute capacity announced by partner, in gigawatts: side by side, never stacked.

The figures overlap (NVIDIA systems can sit in Oracle's sites), so there is no sum.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from ..prepare import Labels
from ._common import ranked_bars

# What the chart reads; registry.py reads these from the source (listing charts imports no Altair).
DATASET = "capacity"
COLUMNS = {"partner": "text", "gw": "number", "basis": "text", "first_capacity": "text", "completion": "text"}
INTERACTIVE = True


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    c = labels.columns
    tooltip = [alt.Tooltip("partner:N", title=c["partner"]), alt.Tooltip("gw_text:N", title=c["gw"]),
               alt.Tooltip("basis:N", title=c["basis"]), alt.Tooltip("first_capacity:N", title=c["first_capacity"]),
               alt.Tooltip("completion:N", title=c["completion"])]
    return ranked_bars(rows, labels, "partner", "gw", tooltip)
