#!/usr/bin/env python3
"""Markdown's cost per page: every body of the generated corpus rendered in one process.

    python bench/bodies.py --pairs 1000                    # this checkout's engine
    python bench/bodies.py --pairs 1000 --engine ../old    # another checkout's sitegen/ (a git worktree)
    python bench/bodies.py --pairs 1000 --profile tottime  # and where the time goes (cProfile)

Loads bench/work/pairs-N (bench/corpus.py, made if missing) with the chosen engine, draws or
reads its charts first (.cache/charts/), then renders every page's body (Python-Markdown with
our shortcodes, the same call the build makes) once to warm up and `--runs` times timed, and
prints the median milliseconds per page, in wall and in CPU time (this process's: steadier than wall
time while others use the machine). Run two engines one after the other, alternately,
to compare them: the machine's speed drifts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def generated_site(pairs: int) -> Path:
    """bench/work/pairs-N, made if missing; bench/corpus.py imports this checkout's sitegen, so
    it runs in a process of its own."""
    root = BENCH / "work" / f"pairs-{pairs}"
    make = (f"import sys, pathlib; sys.path[:0] = [{str(BENCH)!r}]; import corpus; "
            f"corpus.generate(pathlib.Path({str(root)!r}), {pairs})")
    subprocess.run([sys.executable, "-c", make], check=True)
    return root


def load_bodies(root: Path):
    """The site at `root` loaded by the `sitegen` on sys.path, its charts drawn or read first,
    and render(renderer, page): a page's body rendered as the build renders it."""
    from sitegen import charts, pipeline
    from sitegen.cache.buildcache import BuildCache
    from sitegen.diagnostics import Diagnostics
    from sitegen.render import links
    from sitegen.render.blocks import BlockRenderers

    diags, cache = Diagnostics(), BuildCache()
    site = pipeline.load_site(root, diags, cache)
    frame = pipeline.load_frame(site.config, diags, cache)
    gettext = {lang: catalog.translations.gettext for lang, catalog in frame.catalogs.items()}
    figures = charts.ChartFigures(root, site.data, charts.read_charts(root, diags), frame.envs, gettext, diags)
    figures.ensure_files(site.pages)
    blocks = BlockRenderers(site.data, frame.envs, figures, frozenset(figures.charts), diags)
    # links.PageResolver since 1097b84; an older engine's function of the same job
    resolve = getattr(links, "PageResolver", None) or links.page_resolver
    resolve = resolve(site.pages, site.unreadable)

    def render(renderer, page):
        return renderer.render(page, site.data, blocks, resolve, diags)

    return site, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--engine", type=Path, default=BENCH.parent, help="checkout whose sitegen/ to time")
    parser.add_argument("--runs", type=int, default=3, help="timed passes over every page")
    parser.add_argument("--profile", metavar="SORT", help="also profile one pass (cProfile, sorted by SORT)")
    args = parser.parse_args()
    root = generated_site(args.pairs)
    sys.path.insert(0, str(args.engine.resolve()))
    from sitegen.render.markup import MarkdownRenderer

    site, render = load_bodies(root)
    renderers = {lang: MarkdownRenderer(lang) for lang in site.config.languages}

    def render_all() -> None:
        for page in site.pages:
            render(renderers[page.lang], page)

    render_all()
    times, cpu = [], []
    for _ in range(args.runs):
        started, used = time.perf_counter(), time.process_time()
        render_all()
        times.append((time.perf_counter() - started) / len(site.pages) * 1000)
        cpu.append((time.process_time() - used) / len(site.pages) * 1000)
    print(f"{args.engine.resolve()}: {statistics.median(times):.2f} ms a page "
          f"({min(times):.2f}–{max(times):.2f}, {args.runs} passes over {len(site.pages)} pages); "
          f"CPU {statistics.median(cpu):.2f} ms ({min(cpu):.2f}–{max(cpu):.2f}; the measure on a shared machine)")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(render_all)
        pstats.Stats(profile).sort_stats(args.profile).print_stats(30)


if __name__ == "__main__":
    main()
