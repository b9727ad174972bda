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
data/charts.yaml (docs/extending.md); no list to keep here.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


def read_declaration(path: Path) -> ChartDef | None:
    """The chart that `definitions/<name>.py` declares (None: a helper module); ValueError
    naming the file and line if it declares only some of it, or not as literals."""
    declared = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in (*_REQUIRED, "CODED"):
                try:
                    declared[name] = ast.literal_eval(node.value)
                except ValueError:
                    raise ValueError(f"{path}:{node.lineno}: {name} must be a literal (a string, "
                                     "dict, tuple or True/False), not an expression") from None
    missing = [name for name in _REQUIRED if name not in declared]
    if len(missing) == len(_REQUIRED):
        return None
    if missing:
        raise ValueError(f"{path}: a chart definition declares {', '.join(_REQUIRED)} at its top; "
                         f"missing: {', '.join(missing)} (sitegen/charts/registry.py)")
    return ChartDef(id=path.stem.replace("_", "-"), dataset=declared["DATASET"], columns=declared["COLUMNS"],
                    interactive=declared["INTERACTIVE"], coded=tuple(declared.get("CODED", ())),
                    definition=path.stem)


def _all() -> dict[str, ChartDef]:
    charts = (read_declaration(path) for path in sorted(DEFINITIONS.glob("*.py")) if not path.stem.startswith("_"))
    return {chart.id: chart for chart in charts if chart is not None}


CHARTS: Mapping[str, ChartDef] = _all()
CHART_IDS: frozenset[str] = frozenset(CHARTS)
