"""Charts: one Altair definition per chart, rendered to static, localized SVG.

`CHART_IDS` is importable without Altair or vl-convert, so builds that render no
chart (or find every chart in the cache) never pay for those imports.
"""

from __future__ import annotations

CHART_IDS: frozenset[str] = frozenset()


def figure_html(chart_id: str, lang: str) -> str:
    """HTML <figure> for a chart; filled in by the chart pipeline."""
    raise NotImplementedError(chart_id)
