"""The font charts are measured and drawn with: IPAexGothic, shipped in a PyPI wheel.

vl-convert measures text with the fonts it can see. Without a Japanese font it falls back
per string to whatever CJK face the machine has (slow, and sometimes a serif face), so
the build registers IPAexGothic from the `matplotlib-fontja` wheel (IPA Font License):
installable without root, the same on every machine. The package's code imports
matplotlib, so it is located with `find_spec`, never imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..render.shortcodes import ShortcodeError

FONT_FAMILY = "IPAexGothic"
FONT_FILE = "ipaexg.ttf"
FONT_PACKAGE = "matplotlib_fontja"
FONT_DISTRIBUTION = "matplotlib-fontja"
_HINT = "install it: .venv/bin/pip install --no-deps -r requirements-fonts.txt"


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

