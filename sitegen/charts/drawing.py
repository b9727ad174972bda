"""Vega-Lite specs → SVG drawings with vl-convert (imported only when a chart is drawn), in the chart font.

vl-convert measures text with the fonts it can see. Without a Japanese font it falls back
per string to whatever CJK face the machine has (slow, and sometimes a serif face), so
the build registers IPAexGothic from the `matplotlib-fontja` wheel (IPA Font License):
installable without root, the same on every machine. The package's code imports
matplotlib, so it is located with `find_spec`, never imported.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from ..render.shortcodes import ShortcodeError

FONT_FAMILY = "IPAexGothic"
FONT_FILE = "ipaexg.ttf"
FONT_PACKAGE = "matplotlib_fontja"
FONT_DISTRIBUTION = "matplotlib-fontja"
_HINT = "install it: .venv/bin/pip install --no-deps -r requirements-fonts.txt"
VEGA_LITE_VERSION = "6.4"          # what Altair 6.3 writes (schema v6.4.1)
Specs = dict[str, dict[str, Any]]  # output name (narrow, wide, live) → Vega-Lite spec
_registered: set[str] = set()


def font_file() -> Path:
    """Path of ipaexg.ttf inside the installed wheel; ShortcodeError if it is not there."""
    spec = importlib.util.find_spec(FONT_PACKAGE)      # top-level: finds without importing
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise ShortcodeError(f"chart font {FONT_FAMILY} not found (fonts/{FONT_FILE} of the {FONT_DISTRIBUTION} package)",
                         _HINT)


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
