"""Every chart the site has: id → the dataset it reads, the columns it needs, and its options.

Importable without Altair or vl-convert. The drawing itself is one small function per
chart in `definitions/<module>.py`; the words around it (title, takeaway, category
names) are editorial text in `data/charts.yaml`, not code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChartDef:
    id: str
    dataset: str                     # data/datasets/<dataset>.csv
    columns: Mapping[str, str]       # column the definition reads → the type it must have
    interactive: bool                # worth upgrading to a live Vega view (tooltips, hover)
    coded: tuple[str, ...] = ()      # columns whose values are codes named in data/charts.yaml labels
    module: str = field(default="")  # definitions/<module>.py; defaults to the id with '_' for '-'

    @property
    def definition(self) -> str:
        return self.module or self.id.replace("-", "_")


_ALL = (
    ChartDef("commitments", "commitments", interactive=True,
             columns={"partner": "text", "deal_type": "text", "usd_bn": "number", "value_note": "text"}),
    ChartDef("capacity", "capacity", interactive=True,
             columns={"partner": "text", "gw": "number", "basis": "text", "first_capacity": "text",
                      "completion": "text"}),
    ChartDef("revenue", "revenue", interactive=False,
             columns={"period": "date", "arr_usd_bn": "number", "compute_gw": "number"}),
    ChartDef("timeline", "timeline", interactive=True, coded=("category",),
             columns={"date": "date", "event": "text", "category": "text"}),
    ChartDef("cloud-share", "cloud_share", interactive=False,
             columns={"provider": "text", "share_pct": "number"}),
    ChartDef("cloud-market", "cloud_market", interactive=False,
             columns={"quarter": "text", "quarter_end": "date", "market_usd_bn": "number"}),
    ChartDef("agentic-outlook", "agentic_outlook", interactive=False,
             columns={"metric": "text", "target_by": "text", "target_pct": "number"}),
    ChartDef("chatgpt-users", "chatgpt_users", interactive=True,
             columns={"date": "date", "wau_millions": "number"}),
    ChartDef("affordability", "affordability", interactive=False, coded=("basis",),
             columns={"item": "text", "usd_bn": "number", "basis": "text"}),
    ChartDef("circular", "circular", interactive=False,
             columns={"partner": "text", "into_openai_usd_bn": "number", "from_openai_usd_bn": "number",
                      "into_note": "text", "from_note": "text"}),
    ChartDef("cpu-per-gpu", "cpu_gpu", interactive=False,
             columns={"system": "text", "cpus": "number", "gpus": "number", "cpu_cores": "number",
                      "cores_per_gpu": "number"}),
)

CHARTS: Mapping[str, ChartDef] = {chart.id: chart for chart in _ALL}
CHART_IDS: frozenset[str] = frozenset(CHARTS)
