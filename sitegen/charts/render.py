"""Vega-Lite spec → Vega → SVG with vl-convert in this process, with the chart font.

Imports vl-convert (~0.4 s to start, ~0.1 s a chart): figures.py calls this only when the
cache has no drawing for a chart and it draws here (a small build, a test); a large
build draws in processes of their own (drawing.py).
"""

from __future__ import annotations

from .drawing import Specs, draw
from .fonts import font_file


def render_specs(specs: Specs) -> dict[str, str]:
    """SVG text per static output; the compiled Vega JSON for `live`."""
    return draw(specs, str(font_file().parent))
