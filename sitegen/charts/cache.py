"""Drawn charts on disk, so a rebuild with unchanged charts imports neither Altair nor vl-convert.

One file per chart and language, `.cache/charts/<id>.<lang>.json`, a self-verifying entry
(sitegen/cachefile.py) holding the key it was drawn for; a changed chart overwrites its own
file, so the cache never grows. The key is derived, never listed: a hash of the engine
(every file of the sitegen package, the installed libraries and Python: fingerprint.py),
of the site's charts/ folder (every file, so a helper a definition imports too) and of
everything the chart reads from the site (its data, rows and labels as prepared, the
language, the captions drawn into the download).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..cachefile import read_entry, write_entry
from ..fingerprint import engine_version, value_digest
from .registry import ChartDef
from .svg import is_drawing

CACHE_DIR = Path(".cache") / "charts"
STATIC_OUTPUTS = ("narrow", "wide")      # drawn for every chart (spec.py); "live" only for some


def cache_key(chart: ChartDef, *inputs: object) -> str:
    return value_digest(chart.id, chart.interactive, engine_version(), chart.folder_digest, inputs)


def _path(root: Path, chart_id: str, lang: str) -> Path:
    return root / CACHE_DIR / f"{chart_id}.{lang}.json"


def read_drawing(root: Path, chart_id: str, lang: str, key: str) -> dict[str, str] | None:
    """The outputs drawn for `key`, or None (absent, stale, corrupt or unreadable: draw again)."""
    data = read_entry(_path(root, chart_id, lang), key)
    try:
        outputs = json.loads(data) if data is not None else None
    except ValueError:
        return None
    if not (isinstance(outputs, dict) and all(isinstance(v, str) for v in outputs.values())):
        return None
    # An entry written for this key by hand (its checksum made to match) is still checked.
    if not all(is_drawing(outputs.get(name, "")) for name in STATIC_OUTPUTS):
        return None
    return outputs


def write_drawing(root: Path, chart_id: str, lang: str, key: str, outputs: dict[str, str]) -> None:
    text = json.dumps(outputs, sort_keys=True, ensure_ascii=False, indent=0)
    write_entry(_path(root, chart_id, lang), key, text.encode("utf-8"))
