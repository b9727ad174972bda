#!/usr/bin/env python3
"""What the chart drawings of a clean build cost, stage by stage, with the kernel's share.

    python bench/charts.py                          # the real site's charts, 3 rounds
    python bench/charts.py --font-dir /tmp/subset   # the same, the chart font from another folder
    python bench/charts.py --root bench/work/pairs-1000

Prepares every chart the site's pages place, in each language, as the build does (site/ is not
touched, .cache/ is neither read nor written), then draws them in this process, stage by stage:
Altair building and validating the specs, vl-convert compiling Vega-Lite to Vega, and Vega
drawing each static SVG in vl-convert's JavaScript engine. Each stage's CPU time is split into
user and system (kernel) time, with the page faults it caused (getrusage). The medians are over
the rounds after the first, which also pays vl-convert's start-up and is reported apart.

The kernel's share is large because vl-convert 1.9 measures every text with fontdb, which opens
and memory-maps a font registered from a folder again for every measurement (about 1,200 a
drawing here; `strace -f -e trace=openat python bench/charts.py --rounds 2` lists them). A
smaller copy of the font touches fewer pages each time: `--font-dir` registers the font from
another folder (e.g. a subset made with fontTools' pyftsubset) and prints the drawings' digest,
so that one can check the SVGs are the same bytes. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen import pipeline  # noqa: E402
from sitegen.cache.buildcache import BuildCache  # noqa: E402
from sitegen.charts import ChartFigures, drawing  # noqa: E402
from sitegen.diagnostics import Diagnostics  # noqa: E402
from sitegen.render.shortcodes import charts_placed  # noqa: E402

Usage = tuple[float, float, int]          # user s, system s, minor page faults


def _usage() -> Usage:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime, own.ru_stime, own.ru_minflt


def _since(start: Usage) -> Usage:
    now = _usage()
    return now[0] - start[0], now[1] - start[1], now[2] - start[2]


def chart_orders(root: Path) -> list:
    """Every (chart, language) the pages place, prepared as the build prepares them."""
    diags, cache = Diagnostics(), BuildCache.from_scratch()
    site = pipeline.load_site(root, diags, cache)
    frame = pipeline.load_frame(site.config, diags, cache)
    if frame is None:
        raise SystemExit(f"{root}: the site does not load (run build.py there to see why)")
    gettext = {lang: catalog.translations.gettext for lang, catalog in frame.catalogs.items()}
    figures = ChartFigures(root, site.data, pipeline.load_charts(root, diags, cache), frame.envs, gettext, diags,
                           drawings=False)
    wanted = sorted({(chart_id, page.lang) for page in site.pages for chart_id in charts_placed(page.body)
                     if chart_id in figures.charts})
    return [figures._prepare(figures.charts[chart_id], lang) for chart_id, lang in wanted]


def draw_round(orders: list, vlc) -> tuple[dict[str, Usage], str, int]:
    """One drawing of every chart; (usage per stage, digest of every output, static SVGs drawn)."""
    stages: dict[str, list[Usage]] = defaultdict(list)
    digest, svgs = hashlib.sha256(), 0
    for order in orders:
        start = _usage()
        specs = order.specs()
        stages["Altair specs"].append(_since(start))
        for name, spec in sorted(specs.items()):
            start = _usage()
            vega = vlc.vegalite_to_vega(json.dumps(spec, sort_keys=True), vl_version=drawing.VEGA_LITE_VERSION)
            stages["Vega-Lite → Vega"].append(_since(start))
            if name == "live":
                digest.update(json.dumps(vega, sort_keys=True).encode())
                continue
            start = _usage()
            digest.update(vlc.vega_to_svg(vega).encode())
            stages["Vega → SVG"].append(_since(start))
            svgs += 1
    totals = {stage: tuple(sum(column) for column in zip(*usages, strict=True)) for stage, usages in stages.items()}
    return totals, digest.hexdigest()[:16], svgs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the project (default: this checkout's site)")
    parser.add_argument("--rounds", type=int, default=3, help="drawings of every chart (the first pays start-up)")
    parser.add_argument("--font-dir", type=Path, help="register the chart font from this folder instead")
    args = parser.parse_args(argv)
    orders = chart_orders(args.root.resolve())
    start = _usage()
    import vl_convert as vlc

    font_dir = args.font_dir.resolve() if args.font_dir else drawing.font_file().parent
    vlc.register_font_directory(str(font_dir))
    rounds = [draw_round(orders, vlc) for _ in range(max(2, args.rounds))]
    whole = _since(start)
    print(f"{len(orders)} drawings ({rounds[0][2]} static SVGs) of {args.root}, chart font from {font_dir}; "
          f"digest of the outputs: {', '.join(sorted({digest for _, digest, _ in rounds}))}")
    print(f"| stage | user s | system s | page faults |  (median of the {len(rounds) - 1} rounds after the first)\n"
          "|---|---|---|---|")
    for stage in rounds[0][0]:
        user, system, faults = (statistics.median(r[0][stage][i] for r in rounds[1:]) for i in range(3))
        print(f"| {stage} | {user:.2f} | {system:.2f} | {faults:,.0f} |")
    later = [sum(stages[stage][i] for stages, _, _ in rounds[1:] for stage in stages) for i in range(2)]
    print(f"the first round, with vl-convert's start-up: user {whole[0] - later[0]:.2f} s, "
          f"system {whole[1] - later[1]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
