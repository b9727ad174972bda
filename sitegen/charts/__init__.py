"""Charts: one Altair definition per chart, rendered to static, localized SVG.

`CHART_IDS` and `ChartFigures` are importable without Altair or vl-convert: those are
imported only to draw a chart the cache does not have, so a rebuild with unchanged
charts never pays for them (ARCHITECTURE.md, invariants).

    registry.py     id → dataset, needed columns, interactive or not
    prepare.py      dataset → rows and words in one language (Babel-formatted)
    definitions/    one pure function per chart: (rows, labels) → alt.Chart
    spec.py         → Vega-Lite specs per output (narrow, wide, live)
    drawing.py      → Vega → SVG with vl-convert, with the chart font
    cache.py        drawings on disk, keyed by a hash of the engine and the chart's inputs
    svg.py          inline (accessible, scalable) SVG, and the download: the wide drawing
                    under its title, takeaway and source
    table.py        the data table under the chart
    figures.py      all of the above → <figure> HTML and the files it links to
"""

from __future__ import annotations

from .figures import ChartFigures
from .registry import CHART_IDS, CHARTS

__all__ = ["CHARTS", "CHART_IDS", "ChartFigures"]
