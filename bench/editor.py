#!/usr/bin/env python3
"""Editor workflow benchmark: a no-change `python build.py` next to Hugo's rebuild, and the
dev server's edit-to-reload time.

    python bench/editor.py --pairs 1000 --runs 7                 # generated 2,002-page site
    python bench/editor.py --site /path/to/project --runs 7      # an existing project

An existing project is copied into bench/work/ first and never modified. For each site:

- no-change build: `python build.py` once to fill site/ and .cache/, then RUNS timed runs,
  alternating with `hugo` on the same pages (bench/hugo_corpus.py), after a warm-up run of
  each. Wall time of the whole command, Python and Hugo start-up included.
- edit-to-reload: `python build.py serve` in a subprocess; a client loads the page to edit,
  opens its event stream as reload.js does, then replaces the page's last line and times
  until the `reload` event arrives (the file write to the event, both in this process).
  RUNS edits after one warm-up edit.

These machines are shared and noisy: compare the two generators within one run, and read
medians with their ranges.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import hugo_corpus  # noqa: E402

from tests.devserver_client import EventStream, get  # noqa: E402

WORK = BENCH / "work"


@dataclass(frozen=True)
class Site:
    name: str
    root: Path              # our project
    hugo: Path | None       # the same pages as a Hugo project
    edit: str               # the page the edit benchmark changes (relative to root)
    pages: int


@dataclass(frozen=True)
class Timing:
    runs: list[float]

    def __str__(self) -> str:
        return f"{_ms(statistics.median(self.runs))} ({_ms(min(self.runs))}–{_ms(max(self.runs))})"

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def generated_site(pairs: int) -> Site:
    root = WORK / f"pairs-{pairs}"
    corpus.generate(root, pairs)
    return Site(f"generated ({pairs} pairs)", root, hugo_corpus.convert(root, WORK / f"pairs-{pairs}-hugo"),
                f"content/en/{corpus.slug(max(1, pairs // 2))}.md", 2 * pairs + 2)


def existing_site(path: Path) -> Site:
    path = path.resolve()            # `--site .` names the folder
    root = WORK / f"site-{path.name}"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(path, root, ignore=shutil.ignore_patterns("site", "site.tmp", "site.old", ".cache", ".git",
                                                              ".venv", "bench", "tests"))
    for name in corpus.FRAME_DIRS:                    # the engine's frame, if the project lacks one
        if not (root / name).exists():
            shutil.copytree(REPO / name, root / name)
    pages = sorted((root / "content").glob("*/*.md"))
    edit = next((p for p in pages if p.parent.name == "en" and p.stem != "index"), pages[0])
    return Site(f"{path.name}", root, hugo_corpus.convert(root, WORK / f"site-{path.name}-hugo"),
                edit.relative_to(root).as_posix(), len(pages))


def run(command: list[str], cwd: Path = REPO) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def no_change_builds(site: Site, runs: int) -> tuple[Timing, Timing | None]:
    ours = [sys.executable, str(REPO / "build.py"), "--root", str(site.root), "--quiet"]
    hugo = [str(hugo_corpus.hugo_binary()), "--quiet", "-s", str(site.hugo), "-d", str(site.hugo / "public")] \
        if site.hugo else None
    run(ours)                     # fills site/ and .cache/
    run(ours)                     # warm-up: the measured case
    if hugo:
        run(hugo)
        run(hugo)
    mine, theirs = [], []
    for _ in range(runs):         # alternate, so both see the same noise
        mine.append(run(ours))
        if hugo:
            theirs.append(run(hugo))
    return Timing(mine), (Timing(theirs) if hugo else None)


@contextlib.contextmanager
def dev_server(site: Site) -> Iterator[tuple[subprocess.Popen, str, str]]:
    """`python build.py serve` on the site, once its first build is done: (the server, its origin,
    the address of the page the benchmarks edit)."""
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(site.root), "serve",
                               "--port", "0"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        match = re.search(r"serving (http://[\d.]+:\d+)(/\S*)", line)
        assert match, f"unexpected server output: {line!r}"
        origin, base = match.groups()
        while "rebuilt in" not in (line := server.stderr.readline()):      # the first build
            assert line, "the server stopped"
        page_path = base + site.edit.removeprefix("content/").removesuffix(".md") + "/"
        yield server, origin, page_path.replace("/index/", "/")
    finally:
        server.terminate()
        server.wait(timeout=30)


def edit_to_reload(site: Site, runs: int) -> Timing:
    with dev_server(site) as (server, origin, page_path):
        path = site.root / site.edit
        original = path.read_text(encoding="utf-8")
        times = []
        for number in range(runs + 1):
            page = get(origin, page_path)
            stream = EventStream.for_page(origin, page.body)
            corpus.edit_line(path, f"Edited line, run {number}.")
            written = time.perf_counter()
            while (event := stream.next_event())[0] != "reload":
                assert event[0] != "failed", event[1]
            stream.close()
            if number:                # the first is a warm-up
                times.append(event[2] - written)
            server.stderr.readline()  # the server's "rebuilt in" line, so the next edit starts clean
        path.write_text(original, encoding="utf-8")
        return Timing(times)


def sites_to_measure(description: str, argv: list[str] | None, runs: int) -> tuple[list[Site], int]:
    """The sites that --site and --pairs name (copied or generated into bench/work/), and --runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--pairs", type=int, action="append", help="generate a site of N page pairs (repeatable)")
    parser.add_argument("--site", type=Path, action="append", help="an existing project (copied first)")
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    sites = [existing_site(path.resolve()) for path in args.site or []]
    sites += [generated_site(pairs) for pairs in args.pairs or []]
    if not sites:
        parser.error("give --pairs N and/or --site PATH")
    return sites, args.runs


def main(argv: list[str] | None = None) -> int:
    sites, runs = sites_to_measure(__doc__.split("\n\n")[0], argv, runs=7)
    hugo_version = subprocess.run([str(hugo_corpus.hugo_binary()), "version"], capture_output=True,
                                  text=True).stdout.split()[1]
    print(f"# {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Hugo {hugo_version}, {runs} runs each\n")
    print("| site | pages | no-change `python build.py` | Hugo rebuild | ratio | edit-to-reload (dev server) |")
    print("|---|---|---|---|---|---|")
    for site in sites:
        ours, hugo = no_change_builds(site, runs)
        reload = edit_to_reload(site, runs)
        ratio = f"{ours.median / hugo.median:.2f}" if hugo else "n/a"
        print(f"| {site.name} | {site.pages} | {ours} | {hugo or 'n/a'} | {ratio} | {reload} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
