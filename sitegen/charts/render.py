"""Vega-Lite spec → Vega → SVG with vl-convert, the font registered once per process.

Imports vl-convert (~0.6 s to start, ~0.1 s a chart): figures.py calls this only
when the cache has no drawing for a chart.
"""

from __future__ import annotations

import json
from typing import Any

import vl_convert as vlc

from .fonts import font_file

VEGA_LITE_VERSION = "6.4"          # what Altair 6.3 writes (schema v6.4.1)
_font_registered = False


def _register_font() -> None:
    global _font_registered
    if not _font_registered:
        vlc.register_font_directory(str(font_file().parent))
        _font_registered = True


def render_specs(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """SVG text per static output; the compiled Vega JSON for `live`."""
    _register_font()
    out = {}
    for name, spec in sorted(specs.items()):
        vega = vlc.vegalite_to_vega(json.dumps(spec, sort_keys=True), vl_version=VEGA_LITE_VERSION)
        if name == "live":
            vega.pop("$schema", None)      # a URL nobody loads; keep the site free of other hosts
            out[name] = json.dumps(vega, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        else:
            out[name] = vlc.vega_to_svg(vega)
    return out
