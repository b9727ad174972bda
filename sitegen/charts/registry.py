"""Every chart a site has: the modules of its `charts/` folder, found by listing them.

`charts/<module>.py` is the chart `<module>` with '-' for '_' (`cloud_share.py` is
`{{ chart cloud-share }}`). Next to its drawing, `chart(rows, labels)`, it declares what
the chart reads, in constants at its top:

    DATASET = "cloud_share"                                  # data/datasets/<DATASET>.csv
    COLUMNS = {"provider": "text", "share_pct": "number"}    # column → the type it must have
    INTERACTIVE = False            # worth upgrading to a live Vega view (tooltips, hover)
    CODED = ("category",)          # optional: columns of codes named in data/charts.yaml labels

A module that declares none of them is a helper the definitions share (`_common.py`, say).
They are read from the module's source with `ast.literal_eval`, not by importing it: a
definition imports Altair, and a build that draws no chart never imports Altair
(ARCHITECTURE.md, invariants). A new chart is a new module there and its words in
data/charts.yaml (docs/extending.md); no list to keep here. A module that cannot be read so
(a syntax error, half the declarations, an expression) is left out and reported at its line.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, Location
from ..fingerprint import tree_digest
from ..load.static import skipped
from ..load.textcheck import not_a_file

CHARTS_DIR = "charts"            # <root>/charts/: the site's chart definitions, site code like templates/
MODULE_SUFFIX = ".py"        # the files of charts/ read (the dev server watches these)
_REQUIRED = ("DATASET", "COLUMNS", "INTERACTIVE")


@dataclass(frozen=True)
class ChartDef:
    id: str
    dataset: str                     # data/datasets/<dataset>.csv
    columns: Mapping[str, str]       # column the definition reads → the type it must have
    interactive: bool                # worth upgrading to a live Vega view (tooltips, hover)
    coded: tuple[str, ...]           # columns whose values are codes named in data/charts.yaml labels
    module: Path                     # <root>/charts/<name>.py, imported only to draw (spec.py)
    # Of every file in charts/, helpers included: part of the drawing's cache key, and what
    # tells spec.py to import the folder's modules again.
    folder_digest: str


def read_declaration(path: Path, folder_digest: str, diags: Diagnostics) -> ChartDef | None:
    """The chart that `charts/<name>.py` declares; None for a helper module, and for one that
    cannot be parsed, declares only some of it, or not as literals (an error at its line)."""
    where = f"{CHARTS_DIR}/{path.name}"
    if not path.is_file():          # a named pipe, say: reading it would wait for ever
        diags.error(Location(where), not_a_file(path), "remove it, or replace it with a chart definition")
        return None
    try:
        tree = ast.parse(path.read_bytes(), str(path))
    except (SyntaxError, ValueError) as exc:
        diags.error(Location(where, getattr(exc, "lineno", None)), f"not valid Python: {exc}",
                    "fix the module; the chart's declarations are read from its source")
        return None
    declared = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in (*_REQUIRED, "CODED"):
                try:
                    declared[name] = ast.literal_eval(node.value)
                except ValueError:
                    diags.error(Location(where, node.lineno), f"{name} must be a literal",
                                "a string, dict, tuple or True/False, not an expression")
                    return None
    missing = [name for name in _REQUIRED if name not in declared]
    if len(missing) == len(_REQUIRED):
        return None
    if missing:
        diags.error(Location(where, 1), f"a chart definition declares {', '.join(_REQUIRED)} at its "
                    f"top; missing: {', '.join(missing)}", "see sitegen/charts/registry.py")
        return None
    return ChartDef(id=path.stem.replace("_", "-"), dataset=declared["DATASET"], columns=declared["COLUMNS"],
                    interactive=declared["INTERACTIVE"], coded=tuple(declared.get("CODED", ())),
                    module=path, folder_digest=folder_digest)


def read_charts(root: Path, diags: Diagnostics, digest: str | None = None) -> dict[str, ChartDef]:
    """The charts the modules of `<root>/charts/` declare, by id; the modules that cannot be
    read are reported as errors at their line and left out. `digest`: the folder's
    `tree_digest`, if the caller has it already."""
    folder = root / CHARTS_DIR
    digest = digest or tree_digest(folder)
    charts = {}
    for path in sorted(p for p in folder.glob(f"*{MODULE_SUFFIX}") if not skipped(p.name)):    # not Emacs's lock .#x.py
        chart = None if path.stem.startswith("_") else read_declaration(path, digest, diags)
        if chart is not None and chart.id in charts:        # cloud-share.py beside cloud_share.py: one was dropped
            diags.error(Location(f"{CHARTS_DIR}/{path.name}"), f"declares chart '{chart.id}', as "
                        f"{CHARTS_DIR}/{charts[chart.id].module.name} does (a chart's id is its file name, '_' as '-')",
                        "rename one of the two files")
        elif chart is not None:
            charts[chart.id] = chart
    return charts
