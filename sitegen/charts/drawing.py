"""Vega-Lite specs → SVG drawings with vl-convert (imported only when a chart is drawn), in the chart font.

vl-convert measures text with the fonts it can see. Without a Japanese font it falls back
per string to whatever CJK face the machine has (slow, and sometimes a serif face), so
the build registers IPAexGothic from the `matplotlib-fontja` wheel (IPA Font License):
installable without root, the same on every machine. The package's code imports
matplotlib, so it is located with `find_spec`, never imported.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
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

    if font_dir not in _registered:     # the first drawing of this process starts vl-convert's runtime
        _enough_open_files()
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


# vl-convert's JavaScript runtime opens ~13 files (epoll, event fds, pipes: the real site's charts drew
# in workers with 15 open and ulimit -n 28, not 25), and panics in Rust when it cannot. A margin, then.
_FILES_FOR_DRAWING = 24


def _enough_open_files() -> None:
    """Raise this process's open-file limit (ulimit -n) for vl-convert if the hard limit allows it,
    else OSError (EMFILE) saying what is needed, before the runtime panics."""
    import resource

    try:
        needed = sum(1 for _ in Path("/proc/self/fd").iterdir()) + _FILES_FOR_DRAWING
    except OSError:          # not Linux: let vl-convert try
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise OSError(errno.EMFILE, f"{os.strerror(errno.EMFILE)}: drawing the charts needs {needed}, and "
                                    f"ulimit -n allows {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
