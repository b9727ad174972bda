#!/usr/bin/env python3
"""This checkout's clean build against another checkout's, run alternately on the same corpus.

    git worktree add /tmp/before <commit>
    python bench/ab.py --engine /tmp/before --pairs 1000 --runs 5

The ratio to Hugo (bench/compare.py) moves with the machine: on these shared machines Hugo's
own time drifts by 20 % between runs an hour apart. To tell whether a change made our build
faster, time the two engines against each other instead. Each runs `build.py --no-cache
--no-search --quiet` (after deleting site/) on bench/work/pairs-N (bench/corpus.py, made by
this checkout; with `--own-corpus`, each checkout builds the corpus its own bench/corpus.py
makes, with its own templates, so that a checkout whose templates differ can be timed too),
one warm-up each with memory sampled as bench/compare.py does, then `--runs`
rounds of one run each, in turn. Prints medians (min–max), the ratio this/other per round,
and the peak memory (the largest process, and the sum over the process tree); then the CPU time
of each (user + system of the build and its workers: on a machine others load, wall times
spread by a factor of two or more, CPU times by a few per cent) and the core-seconds it left
idle (wall × cores − CPU: on a quiet machine, the time no work was ready for a core).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
from compare import PYTHON, REPO, Contender, alternate, memory, ratio, remove, timing  # noqa: E402

CORES = len(os.sched_getaffinity(0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", type=Path, required=True, help="the other checkout (a git worktree)")
    parser.add_argument("--pairs", type=int, default=1000, help="page pairs of the generated site")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (after a warm-up)")
    parser.add_argument("--own-corpus", action="store_true",
                        help="the other checkout builds the corpus its own bench/corpus.py makes (its templates)")
    args = parser.parse_args(argv)
    root = BENCH / "work" / f"pairs-{args.pairs}"
    corpus.generate(root, args.pairs)
    engine = args.engine.resolve()
    theirs = root
    if args.own_corpus:
        theirs = BENCH / "work" / f"pairs-{args.pairs}-other"
        subprocess.run([PYTHON, str(engine / "bench" / "corpus.py"), "--pairs", str(args.pairs), "--out", str(theirs)],
                       check=True)

    def build(checkout: Path, project: Path) -> list[list[str]]:
        return [[PYTHON, str(checkout / "build.py"), "--root", str(project), "--quiet", "--no-cache", "--no-search"]]

    this = Contender("this", build(REPO, root), remove(root / "site", root / ".cache"))
    other = Contender("other", build(engine, theirs), remove(theirs / "site", theirs / ".cache"))
    alternate([this, other], args.runs)
    print(f"clean build of {root.name}, {args.runs} rounds: this {timing(this.runs)}, "
          f"{args.engine} {timing(other.runs)}; this/other {ratio(this.runs, other.runs)}; "
          f"peak MiB (largest process / process tree): this {memory(this)}, other {memory(other)}")
    print("CPU (user + system, the build and its workers): " + ", ".join(
        f"{c.name} {statistics.median(r.cpu for r in c.runs):.2f} s ({min(r.cpu for r in c.runs):.2f}–"
        f"{max(r.cpu for r in c.runs):.2f}), idle core-s (wall × cores − CPU) "
        f"{statistics.median(r.seconds * CORES - r.cpu for r in c.runs):.2f}" for c in (this, other))
        + f"; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
