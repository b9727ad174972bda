"""Chart definition → the Vega-Lite specs a chart needs, one per output.

* `narrow` and `wide`: static SVGs inlined in the page (phones / everything else),
  sized in px so text stays readable instead of shrinking with the viewBox;
* `live`: the interactive view (`width: "container"`), compiled to Vega for the browser.

The locale travels inside each spec (`config.locale`), so vl-convert and the browser's
Vega format alike and two charts never fight over Vega's global locale. Imports Altair
(through the site's chart definitions): figures.py calls this only when the cache has no drawing.
"""

from __future__ import annotations

import copy
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from ..diagnostics import Location
from ..render.shortcodes import ShortcodeError
from .drawing import FONT_FAMILY
from .prepare import Labels
from .registry import CHARTS_DIR, ChartDef

NARROW, WIDE = 328, 640          # px: a 360 px phone's column; the article column (42rem)
PADDING = 4                      # px around every drawing (svg.py lays the download out around it)
COMPOSITE_AXIS_ROOM = 100        # px beside the plot in concat/facet charts (no autosize there): 200億ドル at
                                 # its left, half of 2025年末 past its right end (90 drew 335 px for 328)
LIVE_FONT = ("-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Hiragino Sans', "
             "'Hiragino Kaku Gothic ProN', Meiryo, 'Noto Sans JP', 'Noto Sans CJK JP', IPAexGothic, sans-serif")
INK, MUTED, RULE = "#1b1f24", "#57606a", "#d0d7de"      # site.css light colours; dark mode restyles by class

# '$' in a d3 format means "the locale's currency": 円 under ja-JP. Ours are dollars.
_NUMBER_LOCALE = {
    "ja": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "ドル"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
_TIME_LOCALE = {
    "ja": {"dateTime": "%Y/%m/%d %H:%M:%S", "date": "%Y/%m/%d", "time": "%H:%M:%S", "periods": ["午前", "午後"],
           "days": ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"],
           "shortDays": ["日", "月", "火", "水", "木", "金", "土"],
           "months": [f"{m}月" for m in range(1, 13)], "shortMonths": [f"{m}月" for m in range(1, 13)]},
    "en": {"dateTime": "%x, %X", "date": "%-m/%-d/%Y", "time": "%-I:%M:%S %p", "periods": ["AM", "PM"],
           "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
           "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
           "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"],
           "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]},
}


def _config(lang: str, font: str) -> dict[str, Any]:
    text = {"font": font, "fontSize": 12, "color": INK}
    return {
        "font": font,
        "locale": {"number": _NUMBER_LOCALE[lang], "time": _TIME_LOCALE[lang]},
        "background": "transparent",
        "padding": PADDING,
        "view": {"stroke": None},
        # Vega's generated ARIA text is English only ("X-axis titled …"); the figcaption names the chart.
        "axis": {"aria": False, "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                 "labelColor": INK, "titleColor": MUTED, "gridColor": RULE, "domainColor": MUTED,
                 "tickColor": MUTED, "labelPadding": 4},
        "legend": {"aria": False, "labelFontSize": 12, "titleFontSize": 12, "labelColor": INK, "titleColor": MUTED},
        "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": INK, "titleColor": MUTED},
        "title": {"fontSize": 13, "color": INK, "subtitleColor": MUTED, "anchor": "start", "fontWeight": "bold"},
        "text": text,
        "mark": {"font": font},
        # Rules are reference lines (zero, a target), not data: screen readers skip them, as the
        # axes (a single rule would otherwise be an image without a name: axe's svg-img-alt).
        "rule": {"aria": False},
        # Vega-Lite draws points at 70 % opacity: #4c78a8 fell to 2.7:1 on white (marks need 3:1).
        "point": {"opacity": 1},
    }


def chart_specs(chart: ChartDef, rows: list[dict[str, Any]], labels: Labels,
                description: str) -> dict[str, dict[str, Any]]:
    """Vega-Lite spec per output name (narrow, wide and, if interactive, live)."""
    try:
        base = definition(chart).chart(copy.deepcopy(rows), labels).to_dict()   # validates against the schema
    except Exception as exc:         # the site's code failed: say where in it, not with a traceback
        # Altair builds its classes from their docstrings, which python -OO (PYTHONOPTIMIZE=2) strips.
        hint = ("Altair needs docstrings: run Python without -OO (unset PYTHONOPTIMIZE)" if sys.flags.optimize > 1
                else "correct this line; until then the charts that run it are not drawn")
        # At that line, in the same words for each chart and page that ran it: printed once.
        raise ShortcodeError(f"chart code failed: {type(exc).__name__}: {exc}", hint,
                             _site_line(exc, chart.module)) from None
    base.pop("$schema", None)
    lang = labels.lang
    specs = {name: _sized(base, width, _config(lang, FONT_FAMILY)) for name, width in
             (("narrow", NARROW), ("wide", WIDE))}
    if chart.interactive:
        live = _sized(base, "container", _config(lang, LIVE_FONT))
        live["description"] = description       # becomes the live chart's aria-label
        specs["live"] = live
    return specs


# The site's charts/ is imported as this package, so that its modules import their helpers
# relatively (`from ._common import BLUE`); it is not on sys.path and needs no __init__.py.
PACKAGE = "site_charts"
_imported: tuple[str, str] | None = None       # (folder, its digest) that PACKAGE holds now


class _FromSource(importlib.abc.FileLoader, importlib.abc.SourceLoader):
    """Compiles a module from its source every time, never from a .pyc (SourceLoader uses one only
    if `path_stats` is given): a .pyc is trusted while the source keeps its size and its mtime in
    whole seconds, so a quick edit of the same length would draw with the old code."""


def definition(chart: ChartDef) -> ModuleType:
    """The chart's module from the site's charts/ folder; every module of the folder is imported
    afresh once any file in it changed (the dev server draws with an edited helper at once)."""
    global _imported
    folder = str(chart.module.parent)
    if _imported != (folder, chart.folder_digest) or PACKAGE not in sys.modules:
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        sys.path_importer_cache[folder] = importlib.machinery.FileFinder(folder, (_FromSource, [".py"]))
        spec = importlib.machinery.ModuleSpec(PACKAGE, None, is_package=True)
        spec.submodule_search_locations = [folder]
        sys.modules[PACKAGE] = importlib.util.module_from_spec(spec)
        _imported = (folder, chart.folder_digest)
    return importlib.import_module(f"{PACKAGE}.{chart.module.stem}")


def _site_line(exc: Exception, module: Path) -> Location:
    """charts/<file>:<line> of the innermost frame in the site's charts/ (else the chart's module)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        name, line = Path(exc.filename).name, exc.lineno
    else:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [frame for frame in frames if Path(frame.filename).parent == module.parent]
        name, line = (Path(ours[-1].filename).name, ours[-1].lineno) if ours else (module.name, None)
    return Location(f"{CHARTS_DIR}/{name}", line)


def _sized(base: Mapping[str, Any], width: int | str, config: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(dict(base))
    spec["config"] = _merge(config, spec.get("config", {}))
    if "mark" in spec or "layer" in spec:          # single or layered view: the width is the whole chart
        spec["width"] = width
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    elif isinstance(width, int):                   # concat and facet: Vega-Lite cannot fit these
        spec["config"].setdefault("view", {})["continuousWidth"] = width - COMPOSITE_AXIS_ROOM
    else:
        raise ValueError("only single and layered charts can be interactive (width: container)")
    return spec


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), dict) else value
    return out
