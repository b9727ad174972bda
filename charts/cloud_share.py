"""Cloud infrastructure market share by provider in one quarter (Synergy Research Group).

Rows keep the table's order (largest provider first, the derived "all others" last) and
their full names, so "others" reads as the remainder it is.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import ranked_bars, tooltips

DATASET = "cloud_share"
COLUMNS = {"provider": "text", "share_pct": "number"}
INTERACTIVE = False


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    tooltip = tooltips(labels, "provider", "share_pct_text")
    return ranked_bars(rows, labels, "provider", "share_pct", tooltip, sort=False,
                       names=[r["provider"] for r in rows])
