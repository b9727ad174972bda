"""Vega-Lite specs → SVG drawings with vl-convert (imported only when a chart is drawn)."""

from __future__ import annotations

import json
from typing import Any

from .fonts import font_file

VEGA_LITE_VERSION = "6.4"          # what Altair 6.3 writes (schema v6.4.1)
Specs = dict[str, dict[str, Any]]  # output name (narrow, wide, live) → Vega-Lite spec
_registered: set[str] = set()


def render_specs(specs: Specs) -> dict[str, str]:
    """SVG text per static output, drawn with the chart font; the compiled Vega JSON for `live`."""
    font_dir = str(font_file().parent)
    import vl_convert as vlc  # ~0.4 s to start: only when a chart is drawn

    if font_dir not in _registered:
        vlc.register_font_directory(font_dir)
        _registered.add(font_dir)
    out = {}
    for name, spec in sorted(specs.items()):
        vega = vlc.vegalite_to_vega(json.dumps(spec, sort_keys=True), vl_version=VEGA_LITE_VERSION)
        if name == "live":
            vega.pop("$schema", None)      # a URL nobody loads; keep the site free of other hosts
            out[name] = json.dumps(vega, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        else:
            out[name] = vlc.vega_to_svg(vega)
    return out
