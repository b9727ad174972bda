#!/usr/bin/env python3
"""How long the swap's last step takes: removing the previous site (site.old/) once the new one is in.

    python bench/removal.py [--pages 2002] [--runs 3] [--where DIR]

Lays out a site of that many pages (one folder each, as the build writes them), its previous
version beside it with half the files unchanged (hard links, as the writer stages them) and half
rewritten, flushes the disk, and times sitegen.output.swap's removal of the previous one: wall
and CPU time of each run. DIR must be on the file system a site is built on (default: a temporary
folder in the system's).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.output import swap


def lay_out(site: Path, pages: int) -> None:
    for number in range(pages):
        folder = site / ("ja", "en")[number % 2] / f"page-{number}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_bytes(b"<p>text</p>\n" * 2500)       # ~30 KB, a page's size


def previous_version(site: Path, old: Path) -> None:
    """`old` as the writer leaves it behind: every other file the same inode as site/'s, the rest its own."""
    for number, path in enumerate(sorted(site.rglob("index.html"))):
        copy = old / path.relative_to(site)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if number % 2:
            os.link(path, copy)
        else:
            copy.write_bytes(path.read_bytes())


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2002)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--where", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.where) as scratch:
        site, old = Path(scratch, "site"), Path(scratch, "site.old")
        lay_out(site, args.pages)
        for _ in range(args.runs):
            previous_version(site, old)
            os.sync()
            wall, used = time.perf_counter(), cpu()
            swap._remove(old, "is the previous site")
            print(f"removed {args.pages} pages' previous site: wall {time.perf_counter() - wall:.2f} s, "
                  f"CPU {cpu() - used:.2f} s", flush=True)
        shutil.rmtree(site)


if __name__ == "__main__":
    main()
