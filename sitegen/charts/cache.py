"""Drawn charts on disk, so a rebuild with unchanged charts imports neither Altair nor vl-convert.

One file per chart and language, `.cache/charts/<id>.<lang>.json`, holding the key it
was drawn for; a changed chart overwrites its own file, so the cache never grows. The
key is a sha256 of everything that decides the drawing: the chart's definition source
and the shared spec code, its data (raw CSV and the rows and labels as prepared), the
language, the captions drawn into the download, and the versions of Altair, vl-convert
and the font. Source files are hashed as text (importing them would import Altair).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..output.write import write_file_atomic
from .fonts import font_fingerprint
from .registry import ChartDef

CACHE_DIR = Path(".cache") / "charts"
_PACKAGE = Path(__file__).parent
# Code that shapes the Vega-Lite spec or its rendering (svg.py runs after the cache: not here).
_SHARED_SOURCES = ("spec.py", "render.py", "drawing.py", "axis.py", "wrap.py", "prepare.py", "definitions/_common.py")


@cache
def _code_digest(definition: str) -> str:
    digest = hashlib.sha256()
    for name in (*_SHARED_SOURCES, f"definitions/{definition}.py"):
        digest.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def _versions() -> dict[str, str]:
    return {"altair": metadata.version("altair"), "vl-convert": metadata.version("vl-convert-python"),
            "font": font_fingerprint()}


def cache_key(chart: ChartDef, inputs: dict[str, Any]) -> str:
    payload = {"chart": chart.id, "interactive": chart.interactive, "code": _code_digest(chart.definition),
               "versions": _versions(), "inputs": inputs}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _path(root: Path, chart_id: str, lang: str) -> Path:
    return root / CACHE_DIR / f"{chart_id}.{lang}.json"


def read_drawing(root: Path, chart_id: str, lang: str, key: str) -> dict[str, str] | None:
    """The outputs drawn for `key`, or None (absent, stale or unreadable: draw again)."""
    try:
        entry = json.loads(_path(root, chart_id, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry.get("outputs") if isinstance(entry, dict) and entry.get("key") == key else None


def write_drawing(root: Path, chart_id: str, lang: str, key: str, outputs: dict[str, str]) -> None:
    text = json.dumps({"key": key, "outputs": outputs}, sort_keys=True, ensure_ascii=False, indent=0)
    write_file_atomic(_path(root, chart_id, lang), text.encode("utf-8"))
