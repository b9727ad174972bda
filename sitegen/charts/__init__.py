"""Charts: the site's Altair definitions (`<root>/charts/`), rendered to static, localized SVG.

`read_charts` and `ChartFigures` are importable without Altair or vl-convert: those are
imported only to draw a chart the cache does not have, so a rebuild with unchanged
charts never pays for them (ARCHITECTURE.md, invariants).

    registry.py     the site's charts/: id → dataset, needed columns, interactive or not
    prepare.py      dataset → rows and words in one language (Babel-formatted), and the data table
    spec.py         a definition, (rows, labels) → alt.Chart, → Vega-Lite specs per output (narrow, wide, live)
    drawing.py      → Vega → SVG with vl-convert, with the chart font
    cache.py        drawings on disk, keyed by a hash of the engine, the site's charts/ and the chart's inputs
    svg.py          inline (accessible, scalable) SVG, and the download: the wide drawing
                    under its title, takeaway and source
    figures.py      all of the above → <figure> HTML and the files it links to
"""

from __future__ import annotations

from .figures import ChartFigures
from .registry import CHARTS_DIR, ChartDef, read_charts

__all__ = ["CHARTS_DIR", "ChartDef", "ChartFigures", "read_charts"]
