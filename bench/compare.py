#!/usr/bin/env python3
"""Our build next to Hugo's on the same generated bilingual site, run by run.

    python bench/compare.py                          # 10, 100 and 1,000 page pairs, 5 runs each
    python bench/compare.py --sizes 1000 --runs 7    # issue 16's guardrails: one size, more runs

For each size, bench/corpus.py writes a project (N Japanese/English pairs plus two home
pages) into bench/work/pairs-N/ and bench/hugo_corpus.py the same pages as a Hugo
project into bench/work/pairs-N-hugo/. Then, one warm-up run of every command and RUNS
timed rounds, each command once per round in turn (ours, ours with search, Hugo, Hugo
then Pagefind, ours, …), so that all see the same noise:

- clean build: ours `build.py --no-cache --quiet [--no-search]` after deleting site/
  and .cache/ (so the charts are drawn too); Hugo after deleting public/ and resources/,
  and Hugo followed by `pagefind --site public` (how a Hugo site gets its search);
- no-change rebuild: ours a plain `build.py --quiet` again (the replay of the last build);
  Hugo a plain rerun;
- one-file edit: a line appended to one English page before every run (each command sees
  one changed file); ours `build.py --quiet [--no-search]` with its cache, Hugo a rerun
  (then Pagefind).

Our build makes its own search index (sitegen/output/search*.py); Hugo's sites get theirs
from Pagefind run on Hugo's output. So ours without search is compared with Hugo, and ours
with search with Hugo followed by Pagefind. Times are wall time of the whole command
(interpreter or binary start-up included). Memory, in the warm-up run of each command:
the peak of the largest single process and the peak of the sum over the command's process
tree (proportional set size, PSS, sampled every 20 ms, so worker processes count and the
pages they share count once); for a command too short to sample, its own maximum RSS
(`wait4`). Ratios are ours/peer per alternated round, median and range: compare within
one run, not absolute times across runs. The guardrails of issue 16 are checked at the
end, for the largest size.

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
    process_mib: float     # peak of the largest single process (sampled, or the command's max RSS)
    tree_mib: float        # peak of the sum over the process tree (sampled, or the command's max RSS)
    cpu: float = 0.0       # user + system seconds of the commands and the processes they waited for


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


def measure(commands: list[list[str]], cwd: Path = REPO, sample_memory: bool = False) -> Run:
    """Run `commands` one after the other, each to its end; their wall time together and
    the memory peaks of their process trees (without `sample_memory`, only each command's
    max RSS: reading every process's smaps_rollup 50 times a second takes CPU from the
    command being timed)."""
    largest = total = 0
    cpu = 0.0
    started = time.perf_counter()
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        done = threading.Event()
        if not sample_memory:
            done.set()

        def sample(pid: int = process.pid, done: threading.Event = done) -> None:
            nonlocal largest, total      # the process stays a zombie (readable) until wait4 below
            while not done.wait(0.02):
                sizes = [kib for kib, _ in tree_pss(pid)]
                largest, total = max(largest, sizes[0]), max(total, sum(sizes))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed with exit code {os.waitstatus_to_exitcode(status)}")
        largest, total = max(largest, usage.ru_maxrss), max(total, usage.ru_maxrss)   # KiB on Linux
        cpu += usage.ru_utime + usage.ru_stime
    return Run(time.perf_counter() - started, largest / 1024, total / 1024, cpu)


# --- the commands -----------------------------------------------------------------------

@dataclass
class Contender:
    name: str
    commands: list[list[str]]
    prepare: Callable[[], None] = lambda: None       # before every run (not timed)
    runs: list[Run] = field(default_factory=list)
    memory: Run | None = None                        # the warm-up run, the one whose memory is sampled

    def once(self, sample_memory: bool = False) -> Run:
        self.prepare()
        return measure(self.commands, sample_memory=sample_memory)


def ours(root: Path, *flags: str) -> list[list[str]]:
    return [[PYTHON, str(REPO / "build.py"), "--root", str(root), "--quiet", *flags]]


def hugo(project: Path, search: bool = False) -> list[list[str]]:
    build = [str(hugo_corpus.hugo_binary()), "--quiet", "-s", str(project), "-d", str(project / "public")]
    return [build, [pagefind(), "--site", str(project / "public"), "--silent"]] if search else [build]


def pagefind() -> str:
    """Pagefind's binary (requirements-dev.txt: pagefind[extended], with its Japanese support)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SystemExit("Pagefind is not installed: .venv/bin/pip install -r requirements-dev.txt") from None
    return str(get_executable())


def remove(*paths: Path) -> Callable[[], None]:
    def clean() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return clean


def alternate(contenders: list[Contender], runs: int) -> None:
    """One warm-up run of each (its memory sampled), then `runs` timed rounds of one run
    each, in turn."""
    for contender in contenders:
        contender.memory = contender.once(sample_memory=True)
    for _ in range(runs):
        for contender in contenders:
            contender.runs.append(contender.once())


# --- reporting ----------------------------------------------------------------------------

def _time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timing(runs: list[Run]) -> str:
    times = [r.seconds for r in runs]
    return f"{_time(statistics.median(times))} ({_time(min(times))}–{_time(max(times))})"


def ratios(a: list[Run], b: list[Run]) -> list[float]:
    return [x.seconds / y.seconds for x, y in zip(a, b, strict=True)]


def ratio(a: list[Run], b: list[Run]) -> str:
    pairs = ratios(a, b)
    return f"**{statistics.median(pairs):.2f}** ({min(pairs):.2f}–{max(pairs):.2f})"


def memory(contender: Contender | None) -> str:
    run = contender.memory if contender else None
    return f"{run.process_mib:.0f} / {run.tree_mib:.0f}" if run else "–"


HEADER = ("| pairs (pages) | build | ours, no search | ours, with search | Hugo | Hugo + Pagefind | "
          "ours/Hugo, no search | ours with search / (Hugo + Pagefind) | "
          "peak MiB, largest process / process tree: ours no search; ours with search; Hugo; Hugo + Pagefind |\n"
          "|---|---|---|---|---|---|---|---|---|")


@dataclass
class Size:
    """The contenders of one kind of build at one size: ours without and with search, and
    the peers (Hugo, and Hugo followed by Pagefind); a kind may lack the second of each."""

    pairs: int
    what: str
    ours: Contender
    ours_search: Contender | None
    hugo: Contender
    hugo_search: Contender | None

    def row(self) -> str:
        with_search = (timing(self.ours_search.runs) if self.ours_search else "–",
                       timing(self.hugo_search.runs) if self.hugo_search else "–",
                       ratio(self.ours_search.runs, self.hugo_search.runs)
                       if self.ours_search and self.hugo_search else "–")
        return (f"| {self.pairs} ({2 * self.pairs + 2}) | {self.what} | {timing(self.ours.runs)} | "
                f"{with_search[0]} | {timing(self.hugo.runs)} | {with_search[1]} | "
                f"{ratio(self.ours.runs, self.hugo.runs)} | {with_search[2]} | "
                f"{memory(self.ours)}; {memory(self.ours_search)}; {memory(self.hugo)}; {memory(self.hugo_search)} |")


def guardrails(clean: Size, unchanged: Size) -> list[str]:
    """Issue 16's guardrails, from the rounds of this run."""
    def check(name: str, values: list[float], limit: float) -> str:
        value = statistics.median(values)
        return (f"- {name}: **{value:.2f}** (rounds {min(values):.2f}–{max(values):.2f}), at most {limit}: "
                f"{'met' if value <= limit else '**missed**'}")

    lines = [check("clean build without search / Hugo", ratios(clean.ours.runs, clean.hugo.runs), 3),
             check("full build with search / (Hugo + Pagefind)",
                   ratios(clean.ours_search.runs, clean.hugo_search.runs), 2),
             check("no-change build / Hugo", ratios(unchanged.ours.runs, unchanged.hugo.runs), 0.15)]
    for contender, peer in ((clean.ours, clean.hugo), (clean.ours_search, clean.hugo_search),
                            (clean.ours_search, clean.hugo)):
        run, theirs = contender.memory, peer.memory
        met = run.process_mib <= theirs.process_mib and run.tree_mib <= theirs.tree_mib
        lines.append(f"- peak memory, {contender.name} against {peer.name}: largest process "
                     f"{run.process_mib:.0f} MiB against {theirs.process_mib:.0f}, process tree "
                     f"{run.tree_mib:.0f} MiB against {theirs.tree_mib:.0f}: {'met' if met else '**missed**'}")
    return lines


# --- one size -------------------------------------------------------------------------------

def bench_size(pairs: int, runs: int) -> list[Size]:
    root = WORK / f"pairs-{pairs}"
    corpus.generate(root, pairs)
    project = hugo_corpus.convert(root, WORK / f"pairs-{pairs}-hugo")
    ours_outputs = remove(root / "site", root / "site.tmp", root / "site.old", root / ".cache")
    hugo_outputs = remove(project / "public", project / "resources")

    # Clean builds.
    clean = Size(pairs, "clean", Contender("ours, no search", ours(root, "--no-cache", "--no-search"), ours_outputs),
                 Contender("ours, with search", ours(root, "--no-cache"), ours_outputs),
                 Contender("Hugo", hugo(project), hugo_outputs),
                 Contender("Hugo + Pagefind", hugo(project, search=True), hugo_outputs))
    alternate([clean.ours, clean.ours_search, clean.hugo, clean.hugo_search], runs)

    # No change: a plain build fills site/ and .cache/ and records the build for replay.
    measure(ours(root))
    unchanged = Size(pairs, "no change", Contender("ours", ours(root)), None, Contender("Hugo", hugo(project)), None)
    alternate([unchanged.ours, unchanged.hugo], runs)

    # One-file edit: each command sees one changed page.
    edited = f"content/en/{corpus.slug(max(1, pairs // 2))}.md"
    counter = iter(range(10**6))

    def edit(folder: Path) -> Callable[[], None]:
        return lambda: corpus.append_line(folder / edited, f"An edited line, number {next(counter)}.")

    edits = Size(pairs, "one-file edit", Contender("ours, no search", ours(root, "--no-search"), edit(root)),
                 Contender("ours, with search", ours(root), edit(root)),
                 Contender("Hugo", hugo(project), edit(project)),
                 Contender("Hugo + Pagefind", hugo(project, search=True), edit(project)))
    alternate([edits.ours, edits.ours_search, edits.hugo, edits.hugo_search], runs)
    return [clean, unchanged, edits]


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


def _context(args: argparse.Namespace) -> str:
    """The date, the commit, the versions and the machine's load: what a reader needs to weigh a run."""
    version = subprocess.run([str(hugo_corpus.hugo_binary()), "version"], capture_output=True,
                             text=True, check=True).stdout.split()[1].split("-")[0]
    pagefind_version = subprocess.run([pagefind(), "--version"], capture_output=True, text=True).stdout.split()[-1]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip() or "?"
    return (f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, Hugo {version}, Pagefind {pagefind_version}; "
            f"median (min–max) of {args.runs} runs; load average {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="page pairs per site, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (after a warm-up)")
    parser.add_argument("--page-weight", action="store_true", help="also weigh the real site's chart pages")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    print(_context(args) + "\n")
    print(HEADER, flush=True)
    for pairs in sizes:
        clean, unchanged, edits = bench_size(pairs, args.runs)
        for size in (clean, unchanged, edits):
            print(size.row(), flush=True)
    print(f"\nIssue 16's guardrails at {2 * sizes[-1] + 2} pages (load average at the end {_load()}):")
    print("\n".join(guardrails(clean, unchanged)))
    if args.page_weight:
        print()
        print("\n".join(page_weight()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
