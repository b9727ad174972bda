#!/usr/bin/env python3
"""Our build next to Hugo's on the same generated bilingual site, run by run.

    python bench/compare.py                          # 10, 100 and 1,000 page pairs, 5 runs each
    python bench/compare.py --sizes 1000 --runs 7

For each size, bench/corpus.py writes a project (N Japanese/English pairs plus two home
pages) into bench/work/pairs-N/ and bench/hugo_corpus.py the same pages as a Hugo
project into bench/work/pairs-N-hugo/. Then, one warm-up run of every command and RUNS
timed runs, alternating run by run (ours, ours with search, Hugo, ours, …), so that all
see the same noise:

- clean build: ours `build.py --no-cache --quiet [--no-search]` after deleting site/
  and .cache/ (so the charts are drawn too); Hugo after deleting public/ and resources/;
- no-change rebuild: ours a plain `build.py --quiet` again (the replay of the last build);
  Hugo a plain rerun;
- one-file edit: a line appended to one English page before every run (each command sees
  one changed file); ours `build.py --quiet [--no-search]` with its cache, Hugo a rerun.

Hugo has no search index, so the fair comparison is ours without Pagefind (`--no-search`);
the full build (with Pagefind) is reported beside it. Times are wall time of the whole
command (interpreter or binary start-up included). Memory: the peak of the summed
proportional set size (PSS) of the command's process tree, sampled every 20 ms, so worker
processes and Pagefind count too (pages they share, once); for a command too short to
sample, its own maximum RSS (`wait4`). Ratios are ours/Hugo per alternated pair, median
and range: compare within one run, not absolute times across runs.

`--page-weight` also builds the real site (a copy, in bench/work/real/) and prints the
gzip weight of each article page that shows charts.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import hugo_corpus  # noqa: E402

WORK = BENCH / "work"
PYTHON = sys.executable
MIB = 1024 * 1024


# --- measuring one command --------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float        # summed PSS of the process tree, sampled (or the command's max RSS)


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (one pass)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss(root: int) -> list[tuple[int, int]]:
    """(PSS in KiB, pid) of every process in the tree under `root`, largest first."""
    tree, todo, found = _children(), [root], []
    while todo:
        pid = todo.pop()
        found.append((_pss_kib(pid), pid))
        todo.extend(tree.get(pid, ()))
    return sorted(found, reverse=True)


def _tree_pss_kib(root: int) -> int:
    return sum(kib for kib, _ in tree_pss(root))


def measure(command: list[str], cwd: Path = REPO, sample_memory: bool = False) -> Run:
    """Run `command` to its end; its wall time and the peak memory of its process tree
    (without `sample_memory`, only the largest process's max RSS: reading every process's
    smaps_rollup 50 times a second takes CPU from the command being timed)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()
    if not sample_memory:
        done.set()

    def sample() -> None:       # the process stays a zombie (readable) until wait4 below
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _tree_pss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return Run(seconds, max(peak, usage.ru_maxrss) / 1024)     # ru_maxrss is in KiB on Linux


# --- the commands -----------------------------------------------------------------------

@dataclass
class Contender:
    name: str
    command: list[str]
    prepare: Callable[[], None] = lambda: None       # before every run (not timed)
    runs: list[Run] = field(default_factory=list)
    peak_mib: float = 0.0           # from the warm-up run, the one whose memory is sampled

    def once(self, sample_memory: bool = False) -> Run:
        self.prepare()
        return measure(self.command, sample_memory=sample_memory)


def ours(root: Path, *flags: str) -> list[str]:
    return [PYTHON, str(REPO / "build.py"), "--root", str(root), "--quiet", *flags]


def hugo(project: Path) -> list[str]:
    return [str(hugo_corpus.hugo_binary()), "--quiet", "-s", str(project), "-d", str(project / "public")]


def remove(*paths: Path) -> Callable[[], None]:
    def clean() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return clean


def alternate(contenders: list[Contender], runs: int) -> None:
    """One warm-up run of each (its memory sampled), then `runs` timed rounds of one run
    each, in turn."""
    for contender in contenders:
        contender.peak_mib = contender.once(sample_memory=True).peak_mib
    for _ in range(runs):
        for contender in contenders:
            contender.runs.append(contender.once())


# --- reporting ----------------------------------------------------------------------------

def _time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timing(runs: list[Run]) -> str:
    times = [r.seconds for r in runs]
    return f"{_time(statistics.median(times))} ({_time(min(times))}–{_time(max(times))})"


def ratio(a: list[Run], b: list[Run]) -> str:
    pairs = [x.seconds / y.seconds for x, y in zip(a, b, strict=True)]
    return f"**{statistics.median(pairs):.2f}** ({min(pairs):.2f}–{max(pairs):.2f})"


def peak(contender: Contender) -> str:
    return f"{contender.peak_mib:.0f}"


HEADER = ("| pairs (pages) | build | ours, no search | ours, full (Pagefind) | Hugo | ours/Hugo, no search | "
          "ours/Hugo, full | peak MiB: ours no search / full / Hugo |\n|---|---|---|---|---|---|---|---|")


def row(pairs: int, what: str, plain: Contender, full: Contender | None, theirs: Contender) -> str:
    full_time = timing(full.runs) if full else "–"
    full_ratio = ratio(full.runs, theirs.runs) if full else "–"
    full_peak = peak(full) if full else "–"
    return (f"| {pairs} ({2 * pairs + 2}) | {what} | {timing(plain.runs)} | {full_time} | {timing(theirs.runs)} | "
            f"{ratio(plain.runs, theirs.runs)} | {full_ratio} | "
            f"{peak(plain)} / {full_peak} / {peak(theirs)} |")


# --- one size -------------------------------------------------------------------------------

def bench_size(pairs: int, runs: int) -> list[str]:
    root = WORK / f"pairs-{pairs}"
    corpus.generate(root, pairs)
    project = hugo_corpus.convert(root, WORK / f"pairs-{pairs}-hugo")
    ours_outputs = remove(root / "site", root / "site.tmp", root / "site.old", root / ".cache")
    hugo_outputs = remove(project / "public", project / "resources")
    rows = []

    # Clean builds.
    clean = [Contender("ours", ours(root, "--no-cache", "--no-search"), ours_outputs),
             Contender("ours, full", ours(root, "--no-cache"), ours_outputs),
             Contender("Hugo", hugo(project), hugo_outputs)]
    alternate(clean, runs)
    rows.append(row(pairs, "clean", clean[0], clean[1], clean[2]))

    # No change: a plain build fills site/ and .cache/ and records the build for replay.
    measure(ours(root))
    unchanged = [Contender("ours", ours(root)), Contender("Hugo", hugo(project))]
    alternate(unchanged, runs)
    rows.append(row(pairs, "no change", unchanged[0], None, unchanged[1]))

    # One-file edit: each command sees one changed page.
    edited = f"content/en/{corpus.slug(max(1, pairs // 2))}.md"
    counter = iter(range(10**6))

    def edit(folder: Path) -> Callable[[], None]:
        return lambda: corpus.append_line(folder / edited, f"An edited line, number {next(counter)}.")

    edits = [Contender("ours", ours(root, "--no-search"), edit(root)),
             Contender("ours, full", ours(root), edit(root)),
             Contender("Hugo", hugo(project), edit(project))]
    alternate(edits, runs)
    rows.append(row(pairs, "one-file edit", edits[0], edits[1], edits[2]))
    return rows


# --- page weight of the real site -------------------------------------------------------------

def page_weight() -> list[str]:
    """Gzip weight of each article page with charts in the real site (built from a copy)."""
    root = WORK / "real"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("site.toml", "content", "data", *corpus.FRAME_DIRS):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(REPO / name, root / name)
    if (REPO / ".cache" / "charts").is_dir():      # drawn charts: only a speed-up
        shutil.copytree(REPO / ".cache" / "charts", root / ".cache" / "charts")
    measure(ours(root, "--no-search"))
    lines = ["| page | HTML | gzip | of which inline SVG (gzip) |", "|---|---|---|---|"]
    for page in sorted((root / "site").glob("*/*/index.html")):
        html = page.read_bytes()
        if b'class="chart"' not in html:
            continue
        svgs = b"".join(re.findall(rb"<svg\b.*?</svg>", html, re.S))
        lines.append(f"| {page.relative_to(root / 'site').as_posix()} | {len(html) / 1024:.1f} KB | "
                     f"**{len(gzip.compress(html, 9)) / 1024:.1f} KB** | {len(gzip.compress(svgs, 9)) / 1024:.1f} KB |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="page pairs per site, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (after a warm-up)")
    parser.add_argument("--page-weight", action="store_true", help="also weigh the real site's chart pages")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([str(hugo_corpus.hugo_binary()), "version"], capture_output=True,
                             text=True, check=True).stdout.split()[1].split("-")[0]
    print(f"# {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Hugo {version}; median (min–max) of {args.runs} runs\n")
    print(HEADER, flush=True)
    for pairs in sizes:
        for line in bench_size(pairs, args.runs):
            print(line, flush=True)
    if args.page_weight:
        print()
        print("\n".join(page_weight()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
