"""A build on several processes gives the same bytes and the same diagnostics as one on one."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.cache.buildcache import BuildCache
from sitegen.cli import main
from sitegen.pipeline import build

from .conftest import SITES, tree_of
from .test_invalid_sites import CASES, _overlay


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixture sites are far below MIN_ITEMS pages: fork workers for them anyway, two even on one core."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)


def test_parallel_map_keeps_order_and_uses_other_processes(always_parallel) -> None:
    results = parallel.parallel_map(lambda n: (n * n, os.getpid()), list(range(200)), workers=2)
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert {pid for _, pid in results} - {os.getpid()}, "the work ran in worker processes"


def test_small_jobs_run_here() -> None:
    assert parallel.parallel_map(lambda n: os.getpid(), [1, 2, 3], workers=2) == [os.getpid()] * 3


def test_parallel_build_is_byte_identical_to_serial(always_parallel, make_project, tmp_path: Path) -> None:
    root = make_project()
    serial = build(root, write=False, search=False, workers=1)
    parallel_ = build(root, write=False, search=False, workers=2)
    assert parallel_.tree == serial.tree
    assert parallel_.diagnostics.lines() == serial.diagnostics.lines()
    build(root, search=False, workers=2)
    assert tree_of(root / "site") == serial.tree


def test_streamed_build_writes_what_a_build_in_memory_returns(always_parallel, make_project) -> None:
    """The command line's build: each page is checked and staged by the worker that rendered it."""
    root = make_project()
    build(root, search=False, workers=1)                  # a site/ to link unchanged files to
    (root / "content/en/deal.md").write_text((root / "content/en/deal.md").read_text() + "\nMore.\n")
    serial = build(root, write=False, search=False, workers=1)
    streamed = build(root, search=False, workers=2, stream=True)
    assert tree_of(root / "site") == serial.tree
    assert streamed.paths == tuple(sorted(serial.tree))
    assert "en/deal/index.html" not in streamed.tree, "pages went to site/, not into the result"
    assert streamed.diagnostics.lines() == serial.diagnostics.lines()
    assert not (root / "site.tmp").exists() and not (root / "site.old").exists()
    # Only the pages whose bytes changed were written again (the edited one, the home pages
    # that list it, its translation's language switch...); the rest are links to the old files.
    assert 0 < streamed.changed < len(serial.tree) / 2


@pytest.mark.parametrize("case", CASES)
def test_parallel_build_reports_exactly_what_a_serial_one_does(case: str, always_parallel, make_project,
                                                              capsys) -> None:
    folder = SITES / "invalid" / case
    root = make_project(files=_overlay(folder))
    args = (folder / "args.txt").read_text().split() if (folder / "args.txt").exists() else []
    main(["--root", str(root), "--no-search", *args])     # the command line uses every core
    assert capsys.readouterr().err == (folder / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("large", [False, True])
def test_pages_without_charts_render_here_while_children_draw_the_charts(large: bool, make_project) -> None:
    plain = "---\ntitle: {0}\ndescription: {0}.\ndate: 2025-12-08\n---\n## {0} {{#plain}}\n\nText.\n"
    root = make_project("charts", files={"content/en/plain.md": plain.format("Plain"),
                                         "content/ja/plain.md": plain.format("平文")})
    serial = build(root, write=False, search=False, workers=1, cache=BuildCache.from_scratch())
    # In a fresh process: one that has loaded vl-convert (this one now has) draws in itself.
    # A site counts as large from MIN_ITEMS pages to render: lowered here to make this one large.
    script = textwrap.dedent(f"""
        import hashlib, json, os, sys
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from pathlib import Path
        from sitegen import parallel
        from sitegen import pipeline
        from sitegen.cache.buildcache import BuildCache
        from sitegen.render.shortcodes import shortcode_uses
        parallel.MIN_ITEMS = 1
        pipeline.MIN_ITEMS = 3 if {large} else 50
        here, render_body = [], pipeline.render_body
        def spy(page, *args, **kwargs):
            here.append(page)           # a worker appends to its own copy
            return render_body(page, *args, **kwargs)
        pipeline.render_body = spy
        from sitegen.charts import drawing
        chart_processes, start_children, start_drawing = [], parallel.InChildProcess.__init__, \
            drawing.DrawingProcesses.__init__
        def count(self, function, items, processes=1):
            chart_processes.append([function.__name__, processes])
            start_children(self, function, items, processes)
        def count_drawing(self, items, font_dir, processes=1):
            chart_processes.append(["draw", processes])
            start_drawing(self, items, font_dir, processes)
        parallel.InChildProcess.__init__ = count
        drawing.DrawingProcesses.__init__ = count_drawing
        result = pipeline.build(Path({str(root)!r}), write=False, search=False, workers=2,
                                cache=BuildCache.from_scratch())
        print(json.dumps({{"drawn": result.charts_rendered, "lines": result.diagnostics.lines(),
                          "tree": {{k: hashlib.sha256(v).hexdigest() for k, v in result.tree.items()}},
                          "here": [p.source for p in here], "chart_processes": chart_processes,
                          "with_charts": [p.source for p in here
                                          if any(n == "chart" for n, _ in shortcode_uses(p))]}}))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    parallel_ = json.loads(run.stdout)
    assert parallel_["drawn"] > 0, "the charts were drawn, not taken from a cache"
    # Altair's specs, then vl-convert's drawings, each stage on processes of its own (for memory):
    # one process per stage for a large site, one per core for a small one.
    n = 1 if large else 2
    assert parallel_["chart_processes"] == [["_specs_or_none", n], ["draw", n]]
    assert parallel_["tree"] == {k: hashlib.sha256(v).hexdigest() for k, v in serial.tree.items()}
    assert parallel_["lines"] == serial.diagnostics.lines()
    assert "content/en/plain.md" in parallel_["here"], "this process rendered pages while the children drew"
    assert parallel_["with_charts"] == []
