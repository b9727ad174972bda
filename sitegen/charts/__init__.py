"""Charts: the site's Altair definitions (`<root>/charts/`), rendered to static, localized SVG.

`read_charts` and `ChartFigures` are importable without Altair or vl-convert: those are
imported only to draw a chart the cache does not have, so a rebuild with unchanged
charts never pays for them (ARCHITECTURE.md, invariants; its code map names each module).
"""

from __future__ import annotations

from .figures import ChartFigures
from .registry import CHARTS_DIR, ChartDef, read_charts

__all__ = ["CHARTS_DIR", "ChartDef", "ChartFigures", "read_charts"]
