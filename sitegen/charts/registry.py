"""Every chart the site has: the modules of `definitions/`, found by listing them.

`definitions/<module>.py` is the chart `<module>` with '-' for '_' (`cloud_share.py` is
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
(a syntax error, half the declarations, an expression) is left out and kept in `PROBLEMS`,
which the build reports as errors at its line: found on import, it must not be a traceback.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Location

DEFINITIONS = Path(__file__).parent / "definitions"
_REQUIRED = ("DATASET", "COLUMNS", "INTERACTIVE")


@dataclass(frozen=True)
class ChartDef:
    id: str
    dataset: str                     # data/datasets/<dataset>.csv
    columns: Mapping[str, str]       # column the definition reads → the type it must have
    interactive: bool                # worth upgrading to a live Vega view (tooltips, hover)
    coded: tuple[str, ...] = ()      # columns whose values are codes named in data/charts.yaml labels
    definition: str = ""             # definitions/<definition>.py


class DefinitionError(ValueError):
    """A chart definition whose declarations cannot be read, at its line."""

    def __init__(self, location: Location, message: str, hint: str):
        super().__init__(f"{location}: {message} ({hint})")
        self.location, self.message, self.hint = location, message, hint


def read_declaration(path: Path) -> ChartDef | None:
    """The chart that `definitions/<name>.py` declares (None: a helper module);
    DefinitionError if it cannot be parsed, declares only some of it, or not as literals."""
    where = f"sitegen/charts/definitions/{path.name}"
    try:
        tree = ast.parse(path.read_bytes(), str(path))
    except (SyntaxError, ValueError) as exc:
        raise DefinitionError(Location(where, getattr(exc, "lineno", None)), f"not valid Python: {exc}",
                              "fix the module; the chart's declarations are read from its source") from None
    declared = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in (*_REQUIRED, "CODED"):
                try:
                    declared[name] = ast.literal_eval(node.value)
                except ValueError:
                    raise DefinitionError(Location(where, node.lineno), f"{name} must be a literal",
                                          "a string, dict, tuple or True/False, not an expression") from None
    missing = [name for name in _REQUIRED if name not in declared]
    if len(missing) == len(_REQUIRED):
        return None
    if missing:
        raise DefinitionError(Location(where, 1), f"a chart definition declares {', '.join(_REQUIRED)} at its "
                              f"top; missing: {', '.join(missing)}", "see sitegen/charts/registry.py")
    return ChartDef(id=path.stem.replace("_", "-"), dataset=declared["DATASET"], columns=declared["COLUMNS"],
                    interactive=declared["INTERACTIVE"], coded=tuple(declared.get("CODED", ())),
                    definition=path.stem)


def read_definitions(folder: Path) -> tuple[dict[str, ChartDef], tuple[DefinitionError, ...]]:
    """The charts the modules of `folder` declare, and the modules that could not be read."""
    charts, problems = {}, []
    for path in sorted(folder.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        try:
            chart = read_declaration(path)
        except DefinitionError as problem:
            problems.append(problem)
            continue
        if chart is not None:
            charts[chart.id] = chart
    return charts, tuple(problems)


CHARTS: Mapping[str, ChartDef]
PROBLEMS: tuple[DefinitionError, ...]
CHARTS, PROBLEMS = read_definitions(DEFINITIONS)
CHART_IDS: frozenset[str] = frozenset(CHARTS)
