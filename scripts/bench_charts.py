#!/usr/bin/env python3
"""Measure the chart pipeline: drawing time (cold and cached) and bytes per chart.

    .venv/bin/python scripts/bench_charts.py [PROJECT]   (default: tests/sites/charts, copied to a temp dir)

Prints: a cold build (empty .cache/charts), a warm rebuild, the time to draw each chart
in each language once vl-convert is running, and per chart the bytes a page carries
(its <figure>, raw and gzip) plus its download and live files. Nothing here is used by the build.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitegen.pipeline import build  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main(source: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(source, root)
        for name in ("templates", "locales", "static", "charts"):
            if not (root / name).exists():
                shutil.copytree(REPO / name, root / name)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold = build(root)
        warm = build(root)
        print(f"cold build: {cold.seconds:.2f} s, {cold.charts_rendered} drawings (chart × language)")
        print(f"warm build: {warm.seconds:.2f} s, {warm.charts_rendered} drawings")

        from sitegen.charts import read_charts
        from sitegen.charts.drawing import render_specs
        from sitegen.charts.prepare import chart_labels, chart_rows
        from sitegen.charts.spec import chart_specs
        from sitegen.diagnostics import Diagnostics
        from sitegen.load.data import load_data

        data = load_data(root, ("ja", "en"), Diagnostics())
        charts = read_charts(root, Diagnostics())
        print("\ndrawing one chart once vl-convert runs (spec + Vega + SVGs: narrow, wide[, live]):")
        for chart in charts.values():
            if chart.dataset not in data.datasets or chart.id not in data.charts:
                continue
            times = []
            for lang in ("ja", "en"):
                dataset = data.datasets[chart.dataset]
                rows = chart_rows(dataset, lang, "-")
                labels = chart_labels(dataset, data.charts[chart.id], lang, "-")
                started = time.perf_counter()
                render_specs(chart_specs(chart, rows, labels, "d"))
                times.append(time.perf_counter() - started)
            print(f"  {chart.id:16} ja {times[0] * 1000:5.0f} ms   en {times[1] * 1000:5.0f} ms")

        print("\nbytes per chart (ja page; gzip -9):")
        print(f"  {'chart':16} {'figure':>14} {'of it: 2 SVGs':>14} {'download SVG':>13} {'live JSON':>10}")
        site = root / "site"
        pages = [p.read_text(encoding="utf-8") for p in sorted((site / "ja").rglob("index.html"))]
        for chart in charts.values():
            figure = next((m.group(0) for page in pages for m in
                           re.finditer(rf'<figure class="chart" id="chart-{chart.id}".*?</figure>', page, re.S)), None)
            if figure is None:
                continue
            svgs = "".join(re.findall(r"<svg.*?</svg>", figure, re.S)).encode()
            download = (site / "charts" / f"{chart.id}.ja.svg").read_bytes()
            live = site / "charts" / f"{chart.id}.ja.vg.json"
            live_gz = f"{gz(live.read_bytes()):>10,}" if live.exists() else f"{'-':>10}"
            print(f"  {chart.id:16} {len(figure.encode()):>7,} / {gz(figure.encode()):>5,} {gz(svgs):>14,}"
                  f" {gz(download):>13,} {live_gz}")
        print("\nloaded once per page, only for interactive charts (gzip -9):")
        for rel in ("js/charts.js", "vendor/vega-6.2.0/vega.min.js", "vendor/vega-embed-7.0.2/vega-embed.min.js"):
            data_ = (site / rel).read_bytes()
            print(f"  {rel:44} {len(data_):>9,} raw  {gz(data_):>8,} gzip")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "tests" / "sites" / "charts"))
