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
(a syntax error, half the declarations, an expression) is reported once, at its line, and its
chart kept as broken (`problem`): the pages that place it say nothing more ("unknown chart"
was one more error for each). A helper that does not parse breaks every chart, for any may import it.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, Location
from ..fingerprint import tree_digest
from ..load.static import skipped
from ..load.textcheck import not_a_file

CHARTS_DIR = "charts"            # <root>/charts/: the site's chart definitions, site code like templates/
MODULE_SUFFIX = ".py"        # the files of charts/ read (the dev server watches these)
_REQUIRED = ("DATASET", "COLUMNS", "INTERACTIVE")


@dataclass(frozen=True, kw_only=True)        # eight fields: each named where one is made
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
    problem: Diagnostic | None = None       # why it cannot be drawn (reported once, by read_charts)


def read_declaration(path: Path, folder_digest: str, diags: Diagnostics) -> ChartDef | None:
    """The chart that `charts/<name>.py` declares; None for a helper module. One that cannot be
    parsed, declares only some of it, or not as literals is an error at its line, and a broken chart."""
    where, chart = f"{CHARTS_DIR}/{path.name}", path.stem.replace("_", "-")

    def broken(line: int | None, message: str, hint: str, column: int | None = None) -> ChartDef:
        problem = Diagnostic("error", Location(where, line, column), message, hint)
        diags.extend([problem])
        return ChartDef(id=chart, dataset="", columns={}, interactive=False, coded=(), module=path,
                        folder_digest=folder_digest, problem=problem)

    if not path.is_file():          # a named pipe, say: reading it would wait for ever
        return broken(None, not_a_file(path), "remove it, or replace it with a chart definition")
    try:
        source: str | bytes = path.read_bytes()
        with contextlib.suppress(UnicodeDecodeError):       # as text, Python's columns are characters
            source = source.decode("utf-8")
        tree = ast.parse(source, str(path))
    except (SyntaxError, ValueError) as exc:
        what = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        usage = "no chart is drawn: any may import it" if path.stem.startswith("_") else f"chart '{chart}' is not drawn"
        return broken(getattr(exc, "lineno", None), f"not valid Python: {what}",
                      f"correct this line; until then {usage}", getattr(exc, "offset", None))
    if path.stem.startswith("_"):
        return None
    declared = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in (*_REQUIRED, "CODED"):
                try:
                    declared[name] = ast.literal_eval(node.value)
                except ValueError:
                    return broken(node.lineno, f"{name} must be a literal",
                                  "a string, dict, tuple or True/False, not an expression")
    missing = [name for name in _REQUIRED if name not in declared]
    if len(missing) == len(_REQUIRED):
        return None
    if missing:
        return broken(1, f"a chart definition declares {', '.join(_REQUIRED)} at its top; missing: "
                      f"{', '.join(missing)}", "see sitegen/charts/registry.py")
    return ChartDef(id=chart, dataset=declared["DATASET"], columns=declared["COLUMNS"],
                    interactive=declared["INTERACTIVE"], coded=tuple(declared.get("CODED", ())),
                    module=path, folder_digest=folder_digest)


def read_charts(root: Path, diags: Diagnostics, digest: str | None = None) -> dict[str, ChartDef]:
    """The charts the modules of `<root>/charts/` declare, by id; the modules that cannot be
    read are reported as errors at their line, once, and their charts broken. `digest`: the folder's
    `tree_digest`, if the caller has it already."""
    folder = root / CHARTS_DIR
    digest = digest or tree_digest(folder)
    charts, helper = {}, None
    for path in sorted(p for p in folder.glob(f"*{MODULE_SUFFIX}") if not skipped(p.name)):    # not Emacs's lock .#x.py
        chart = read_declaration(path, digest, diags)
        if path.stem.startswith("_"):
            helper = helper or (chart and chart.problem)
            continue
        if chart is not None and chart.id in charts:        # cloud-share.py beside cloud_share.py: one was dropped
            diags.error(Location(f"{CHARTS_DIR}/{path.name}"), f"declares chart '{chart.id}', as "
                        f"{CHARTS_DIR}/{charts[chart.id].module.name} does (a chart's id is its file name, '_' as '-')",
                        "rename one of the two files")
        elif chart is not None:
            charts[chart.id] = chart
    return {key: replace(chart, problem=chart.problem or helper) for key, chart in charts.items()} if helper else charts
