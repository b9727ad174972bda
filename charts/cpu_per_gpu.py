"""CPU cores per GPU in NVIDIA's AI systems: the ordinary processors that come with each accelerator.

One number per system (cores divided by GPUs, both from NVIDIA's specifications), in the table's
order from a classic eight-GPU server to the rack-scale systems in the AWS deal.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sitegen.charts.prepare import Labels

from ._common import ranked_bars, tooltips

DATASET = "cpu_gpu"
COLUMNS = {"system": "text", "cpus": "number", "gpus": "number", "cpu_cores": "number", "cores_per_gpu": "number"}
INTERACTIVE = False


def chart(rows: list[dict[str, Any]], labels: Labels) -> alt.LayerChart:
    tooltip = tooltips(labels, "system", "cpus_text", "gpus_text", "cpu_cores_text", "cores_per_gpu_text")
    return ranked_bars(rows, labels, "system", "cores_per_gpu", tooltip, sort=False)
