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
        _enough_limits()
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
# Its engine, V8, reserves 64.4 GiB of addresses (not of memory) as it starts, and under a lower ulimit -v aborts
# the process: a C stack trace and no word (a worker: "killed ... look in dmesg for the out-of-memory killer").
_ADDRESSES_FOR_DRAWING = 66 << 30


def _enough_limits() -> None:
    """Raise this process's open-file (ulimit -n) and address-space (ulimit -v) limits for vl-convert if
    the hard limits allow it, else OSError (EMFILE, ENOMEM) saying what is needed, before the runtime fails."""
    import resource

    try:
        needed = sum(1 for _ in Path("/proc/self/fd").iterdir()) + _FILES_FOR_DRAWING
        with open("/proc/self/statm", encoding="ascii") as statm:
            addresses = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") + _ADDRESSES_FOR_DRAWING
    except (OSError, ValueError):          # not Linux: let vl-convert try
        return
    for limit, code, want, say, flag in ((resource.RLIMIT_NOFILE, errno.EMFILE, needed, str, "-n"),
                                         (resource.RLIMIT_AS, errno.ENOMEM, addresses, _gib, "-v")):
        soft, hard = resource.getrlimit(limit)
        if soft == resource.RLIM_INFINITY or soft >= want:
            continue
        if hard != resource.RLIM_INFINITY and hard < want:
            raise OSError(code, f"{os.strerror(code)}: drawing the charts needs {say(want)}, and "
                                f"ulimit {flag} allows {say(hard)}")
        resource.setrlimit(limit, (want, hard))


def _gib(size: int) -> str:
    return f"{size / 2**30:.1f} GiB of addresses"
