#!/usr/bin/env python3
"""Where a build's time goes, step by step: the profile behind docs/benchmarks.md.

    python bench/steps.py --pairs 1000            # a clean --no-cache --no-search build
    python bench/steps.py --pairs 1000 --search   # the same with our search index
    python bench/steps.py --pairs 1000 --edits 15 # the dev server's rebuild after one-line edits

Wraps each step of `sitegen.pipeline.build` with a timer (wall time, and CPU time including
the worker and chart processes it waited for) and runs the build in this process, on the
generated corpus of bench/corpus.py (bench/work/pairs-N, made if missing). With `--edits`,
the build keeps its cache between builds as the dev server does, and the medians of each
step over the edits are printed. Nothing here is a pass/fail test; it is for reading.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

from sitegen import parallel, pipeline  # noqa: E402
from sitegen.cache import incremental  # noqa: E402
from sitegen.cache.buildcache import BuildCache  # noqa: E402
from sitegen.charts import figures  # noqa: E402
from sitegen.output import write  # noqa: E402

# In the order the build runs them; the memoized steps 3 and 4 live in sitegen/cache/incremental.py.
_INCREMENTAL = {"translation_states", "page_views", "render_pages", "render_feeds", "status_table", "check_site"}
STEPS = *((incremental if name in _INCREMENTAL else pipeline, [name])
          for name in ["load_site", "load_frame", "render_bodies", "translation_states", "page_views",
                       "render_pages", "render_search_pages", "render_feeds", "render_sitemap",
                       "status_table", "render_status_page", "check_site", "search_index", "write_site"]), \
        (figures.ChartFigures, ["ensure_files"]), (write, ["swap_in"])


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_steps() -> dict[str, list[tuple[float, float]]]:
    """Wrap every step; returns where each call's (wall, cpu) seconds are appended."""
    seen: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for owner, names in STEPS:
        for name in names:
            if hasattr(owner, name):        # a step the pipeline no longer has is left out
                _timed(owner, name, seen[name].append)
    return seen


def _timed(owner: object, name: str, record: Callable[[tuple[float, float]], object]) -> None:
    """Replace owner.name by a wrapper that records each call's (wall, cpu) seconds."""
    step: Callable = getattr(owner, name)

    @functools.wraps(step)
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        try:
            return step(*args, **kwargs)
        finally:
            record((time.perf_counter() - wall, _cpu() - cpu))
    setattr(owner, name, timed)


def clean_build(root: Path, search: bool) -> None:
    seen = timed_steps()
    started = time.perf_counter()
    pipeline.build(root, search=search, workers=parallel.default_workers(), cache=BuildCache.from_scratch())
    print(f"clean build of {root.name}: {time.perf_counter() - started:.2f} s")
    print("| step | wall | CPU (with child processes) |\n|---|---|---|")
    for name, calls in seen.items():
        print(f"| {name} | {sum(w for w, _ in calls):.2f} s | {sum(c for _, c in calls):.2f} s |")
    print("(ensure_files runs inside render_bodies: the charts, drawn before the bodies)")


def edits(root: Path, runs: int) -> None:
    page = root / "content" / "en" / f"{corpus.slug(1)}.md"
    rel = page.relative_to(root).as_posix()
    cache = BuildCache.on_disk(root)
    pipeline.build(root, write=False, cache=cache, search=False)
    gc.collect()
    gc.freeze()              # as the dev server does between edits (devserver/live.py tidy)
    seen = timed_steps()
    original = page.read_text(encoding="utf-8")
    totals = []
    try:
        for number in range(runs):
            corpus.edit_line(page, f"Edited line, run {number}.")
            started = time.perf_counter()
            cache.forget(root, [rel])
            pipeline.build(root, write=False, cache=cache, search=False)
            totals.append(time.perf_counter() - started)
    finally:
        page.write_text(original, encoding="utf-8")
    print(f"rebuild after a one-line edit of {rel}: median {statistics.median(totals) * 1000:.0f} ms "
          f"({min(totals) * 1000:.0f}–{max(totals) * 1000:.0f} ms), {runs} edits")
    print("| step | median wall |\n|---|---|")
    for name, calls in sorted(seen.items(), key=lambda item: -statistics.median(w for w, _ in item[1])):
        print(f"| {name} | {statistics.median(w for w, _ in calls) * 1000:.1f} ms |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--edits", type=int, default=0, help="time the dev server's rebuild over N edits")
    parser.add_argument("--search", action="store_true", help="the clean build makes the search index too")
    args = parser.parse_args(argv)
    root = BENCH / "work" / f"pairs-{args.pairs}"
    corpus.generate(root, args.pairs)
    if args.edits:
        edits(root, args.edits)
    else:
        clean_build(root, args.search)
    return 0


if __name__ == "__main__":
    sys.exit(main())
