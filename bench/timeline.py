#!/usr/bin/env python3
"""When each core is busy during a clean build, and when it is idle: the schedule, not the profile.

    python bench/timeline.py --pairs 1000              # a clean --no-search build of the corpus
    python bench/timeline.py --pairs 1000 --chunks     # also every chunk each worker ran
    python bench/timeline.py --pairs 1000 --search     # a full build: the search index too

bench/steps.py says how much each step costs; this says where the cores wait. It runs the
build in this process as `build.py --no-cache --no-search` does (with `--search`: `--no-cache`;
all cores, site/ written), on bench/work/pairs-N (bench/corpus.py), and records with one clock (`time.perf_counter`,
the same in every process):

- every step of the main process (as bench/steps.py wraps them), with its CPU time;
- every pool (`sitegen/parallel.py`): when the map was called, when each worker was
  forked, when it started its first and ended its last chunk, and the map's return;
- every chunk a worker ran (its wall and CPU time).

Then prints the build as sections in time order: a serial section (no pool running) keeps
every core but one idle; a pool keeps `workers × its wall − the chunks' wall` idle, split into
the start (fork to first chunk), the tail (a worker done, waiting for the last chunk) and the
end (last chunk to the map's return). "idle" is core-seconds; `wall × cores − CPU` of the whole
build is the budget they add up to (less what the machine's other load takes). On a machine
shared with other work the wall times stretch: read the CPU columns and the shape.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import steps  # noqa: E402

from sitegen import parallel, pipeline  # noqa: E402
from sitegen.cache import incremental  # noqa: E402
from sitegen.cache.buildcache import BuildCache  # noqa: E402
from sitegen.charts import figures  # noqa: E402
from sitegen.output import search  # noqa: E402

_LOG: int = -1            # the events file, opened with O_APPEND: one line per event, from any process


def _event(*fields: object) -> None:
    os.write(_LOG, ("\t".join(map(str, fields)) + "\n").encode())


def _caller() -> str:
    """The first function outside parallel.py up the stack: which step called the pool."""
    frame = sys._getframe(2)
    while frame and frame.f_code.co_filename == parallel.__file__:
        frame = frame.f_back
    return frame.f_code.co_name if frame else "?"


def _instrument() -> None:
    """Wrap the pool's map, worker start and chunk runner, and the main process's steps."""
    run_chunk, start_worker, parallel_map = parallel._run_chunk, parallel._start_worker, parallel.parallel_map

    @functools.wraps(run_chunk)
    def timed_chunk(bounds: tuple[int, int]) -> list:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return run_chunk(bounds)
        finally:
            _event("chunk", os.getpid(), wall, time.perf_counter(), time.process_time() - cpu, bounds[1] - bounds[0])

    @functools.wraps(start_worker)
    def timed_start(parent: int) -> None:
        _event("fork", os.getpid(), time.perf_counter())
        start_worker(parent)

    @functools.wraps(parallel_map)
    def timed_map(function, items, workers=1, min_items=None):
        label = _caller()
        wall, mine = time.perf_counter(), time.process_time()
        try:
            return parallel_map(function, items, workers, min_items)
        finally:
            _event("map", label, wall, time.perf_counter(), len(items), mine, time.process_time())

    parallel._run_chunk, parallel._start_worker, parallel.parallel_map = timed_chunk, timed_start, timed_map
    figures.parallel_map = incremental.parallel_map = search.parallel_map = timed_map     # imported by name there
    for owner, names in steps.STEPS:
        for name in names:
            if hasattr(owner, name):
                _step(owner, name)


def _step(owner: object, name: str) -> None:
    step = getattr(owner, name)

    @functools.wraps(step)
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return step(*args, **kwargs)
        finally:
            _event("step", name, wall, time.perf_counter(), time.process_time() - cpu)
    setattr(owner, name, timed)


def report(lines: list[list[str]], clock: tuple[float, float, float, float], cpu: float, cores: int,
           chunks: bool) -> None:
    """`clock`: wall and this process's CPU time at the build's start and end."""
    started, ended, mine_started, mine_ended = clock
    maps = [(label, float(t0), float(t1), int(n), float(c0), float(c1)) for kind, label, t0, t1, n, c0, c1 in
            (line for line in lines if line[0] == "map")]
    forks = {int(pid): float(t) for kind, pid, t in (line for line in lines if line[0] == "fork")}
    runs = defaultdict(list)
    for _, pid, t0, t1, c, n in (line for line in lines if line[0] == "chunk"):
        runs[int(pid)].append((float(t0), float(t1), float(c), int(n)))
    stepped = [(name, float(t0), float(t1), float(c)) for kind, name, t0, t1, c in
               (line for line in lines if line[0] == "step")]
    wall = ended - started
    print(f"build {wall:.2f} s wall, {cpu:.2f} s CPU (this process and its children) on {cores} cores: "
          f"idle budget {wall * cores - cpu:.2f} core-s; load average {os.getloadavg()[0]:.2f}")
    print("| from s | to s | section | wall s | CPU s (main; workers' chunks) | chunks' wall s | idle core-s "
          "(start / tail / end) |\n|---|---|---|---|---|---|---|")
    at, mine_at, idles = started, mine_started, defaultdict(float)
    for label, t0, t1, n, c0, c1 in sorted(maps, key=lambda m: m[1]):
        if t0 - at > 0.005:
            idles["serial"] += _serial(stepped, (at, t0, started), c0 - mine_at, cores)
        mine = {pid: sorted(r) for pid, r in runs.items() if any(t0 <= s <= t1 for s, *_ in r)}
        busy = sum(e - s for r in mine.values() for s, e, *_ in r)
        used = sum(c for r in mine.values() for *_, c, _n in r)
        first = {pid: min(s for s, *_ in r) for pid, r in mine.items()}
        last = {pid: max(e for _, e, *_ in r) for pid, r in mine.items()}
        start_idle = sum(first[pid] - t0 for pid in mine)
        tail = sum(max(last.values()) - last[pid] for pid in mine)
        end_idle = (t1 - max(last.values())) * len(mine) if mine else 0.0
        idle = (t1 - t0) * cores - busy
        idles["pools"] += idle
        forked = [forks[pid] - t0 for pid in mine if pid in forks]
        print(f"| {t0 - started:.2f} | {t1 - started:.2f} | pool: {label}, {n} items, {len(mine)} workers "
              f"(forked +{min(forked, default=0):.2f}…+{max(forked, default=0):.2f} s) | {t1 - t0:.2f} | "
              f"{c1 - c0:.2f}; {used:.2f} | {busy:.2f} | {idle:.2f} ({start_idle:.2f} / {tail:.2f} / {end_idle:.2f}) |")
        if chunks:
            for pid, r in mine.items():
                print("|  |  | " + f"worker {pid}: " + ", ".join(
                    f"{s - t0:.2f}+{e - s:.2f}({n})" for s, e, _c, n in r) + " | | | | |")
        at, mine_at = t1, c1
    if ended - at > 0.005:
        idles["serial"] += _serial(stepped, (at, ended, started), mine_ended - mine_at, cores)
    print(f"idle core-s: serial sections {idles['serial']:.2f}, pools {idles['pools']:.2f}; "
          f"main process CPU {mine_ended - mine_started:.2f} s")


def _serial(stepped: list, span: tuple[float, float, float], cpu: float, cores: int) -> float:
    """A stretch with no pool: one core works, the others wait."""
    t0, t1, started = span
    inside = [f"{name} {min(e, t1) - max(s, t0):.2f}" for name, s, e, _c in stepped
              if s < t1 and e > t0 and min(e, t1) - max(s, t0) > 0.02 and name not in ("render_bodies",)]
    idle = (t1 - t0) * (cores - 1)
    print(f"| {t0 - started:.2f} | {t1 - started:.2f} | serial: {', '.join(inside) or '(between steps)'} | "
          f"{t1 - t0:.2f} | {cpu:.2f} | | {idle:.2f} |")
    return idle


def main(argv: list[str] | None = None) -> int:
    global _LOG
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--chunks", action="store_true", help="print every chunk of every worker")
    parser.add_argument("--root", type=Path, help="build this project instead of the generated corpus")
    parser.add_argument("--search", action="store_true", help="build the search index too (a full build)")
    args = parser.parse_args(argv)
    root = args.root or BENCH / "work" / f"pairs-{args.pairs}"
    if not args.root:
        corpus.generate(root, args.pairs)
    with tempfile.NamedTemporaryFile(prefix="timeline-") as log:
        _LOG = os.open(log.name, os.O_WRONLY | os.O_APPEND)
        _instrument()
        cores = parallel.default_workers()
        cpu, started, mine_started = steps._cpu(), time.perf_counter(), time.process_time()
        pipeline.build(root, search=args.search, workers=cores, cache=BuildCache.from_scratch())
        ended, mine_ended, cpu = time.perf_counter(), time.process_time(), steps._cpu() - cpu
        os.close(_LOG)
        lines = [line.split("\t") for line in Path(log.name).read_text().splitlines()]
    report(lines, (started, ended, mine_started, mine_ended), cpu, cores, args.chunks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
