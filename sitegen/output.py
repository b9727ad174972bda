"""The only module that writes site/: stage everything, then swap it in.

A failed build never gets here, so the previous site/ stays exactly as it was. A
crash mid-write leaves site.tmp/ or site.old/ behind, which the next build removes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

OutputTree = Mapping[str, bytes]   # posix path inside site/ → file bytes


def write_site(tree: OutputTree, target: Path) -> int:
    """Write `tree` to `target` atomically; return how many files changed."""
    staging = target.with_name(target.name + ".tmp")
    retired = target.with_name(target.name + ".old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    changed = 0
    for rel in sorted(tree):
        dest = staging / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"refusing to write outside the site: {rel}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        old = target / rel
        # Keep unchanged files' inode and mtime, so servers and rsync see no change.
        if old.is_file() and old.stat().st_size == len(tree[rel]) and old.read_bytes() == tree[rel]:
            try:
                os.link(old, dest)
                continue
            except OSError:      # filesystems without hard links: copy instead
                pass
        dest.write_bytes(tree[rel])
        changed += 1
    staging.mkdir(parents=True, exist_ok=True)
    if target.exists():
        Path(target).replace(retired)
    Path(staging).replace(target)
    if retired.exists():
        shutil.rmtree(retired)
    return changed


def write_file_atomic(path: Path, data: bytes) -> None:
    """Replace one file (caches, stamps) without a window where it is half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    Path(tmp).replace(path)
