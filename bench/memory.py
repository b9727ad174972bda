#!/usr/bin/env python3
"""Where a clean build's memory goes, over time and by process: the profile behind the
peak-memory figures in docs/benchmarks.md.

    python bench/memory.py --pairs 1000           # a clean --no-cache --no-search build

Runs `build.py --no-cache --no-search` on the generated corpus of bench/corpus.py
(bench/work/pairs-N, made if missing) after deleting its site/ and .cache/, samples the
proportional set size (PSS) of every process of the build's tree every 20 ms (as
bench/compare.py does in its warm-up runs), and prints a timeline: the
tree's total and its largest processes, then the peak. The build's own process is `main`;
the others are workers, the Altair child and the drawing process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
from compare import tree_pss  # noqa: E402

MIB = 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between printed lines")
    args = parser.parse_args()
    root = BENCH / "work" / f"pairs-{args.pairs}"
    corpus.generate(root, args.pairs)
    for leftover in ("site", ".cache"):
        shutil.rmtree(root / leftover, ignore_errors=True)
    started = time.perf_counter()
    build = subprocess.Popen([sys.executable, str(BENCH.parent / "build.py"), "--root", str(root), "--no-cache",
                              "--no-search", "--quiet"])
    samples: list[tuple[float, list[tuple[int, int]]]] = []

    def sample() -> None:
        while build.poll() is None:
            samples.append((time.perf_counter() - started, tree_pss(build.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    build.wait()
    sampler.join()
    if build.returncode != 0:
        raise SystemExit(f"the build failed with exit code {build.returncode}")

    def line(at: float, processes: list[tuple[int, int]]) -> str:
        named = [f"{'main' if pid == build.pid else pid} {kib // MIB}" for kib, pid in processes[:4]]
        return f"{at:6.2f} s  {sum(kib for kib, _ in processes) // MIB:4d} MiB   " + ", ".join(named)

    print(f"clean build of {root.name}: {time.perf_counter() - started:.2f} s; PSS in MiB, largest processes first")
    next_at = 0.0
    for at, processes in samples:
        if at >= next_at:
            print(line(at, processes))
            next_at = at + args.every
    at, processes = max(samples, key=lambda s: sum(kib for kib, _ in s[1]))
    print("peak:", line(at, processes))


if __name__ == "__main__":
    main()
