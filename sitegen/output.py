"""The only module that writes site/: stage everything in site.tmp/, then swap it in.

A failed build never swaps, so the previous site/ stays exactly as it was. A crash
mid-write leaves site.tmp/ or site.old/ behind, which the next build removes. The
command line's build stages pages from the worker processes that render them (see
pipeline.build); a staged file that is the same as site/'s is a hard link to it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

OutputTree = Mapping[str, bytes]   # posix path inside site/ → file bytes


class Staging:
    """site.tmp/, filled file by file (from any process), then swapped in for site/ at once."""

    def __init__(self, target: Path):
        self.target = target
        self.folder = target.with_name(target.name + ".tmp")
        self._retired = target.with_name(target.name + ".old")
        for leftover in (self.folder, self._retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.folder.mkdir(parents=True)

    def put(self, rel: str, data: bytes) -> bool:
        """Stage one file; True if it differs from site/'s (False: linked to the unchanged file)."""
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"refusing to write outside the site: {rel}")
        dest = self.folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        old = self.target / rel
        # Keep unchanged files' inode and mtime, so servers and rsync see no change.
        if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
            try:
                os.link(old, dest)
                return False
            except OSError:      # filesystems without hard links: copy instead
                pass
        dest.write_bytes(data)
        return True

    def commit(self) -> None:
        """Swap the staged files in for site/."""
        if self.target.exists():
            self.target.replace(self._retired)
        self.folder.replace(self.target)
        if self._retired.exists():
            shutil.rmtree(self._retired)

    def abort(self) -> None:
        """Remove what was staged; site/ stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)


def write_site(tree: OutputTree, target: Path) -> int:
    """Write `tree` to `target` atomically; return how many files changed."""
    staging = Staging(target)
    changed = sum(staging.put(rel, tree[rel]) for rel in sorted(tree))
    staging.commit()
    return changed


def write_file_atomic(path: Path, data: bytes) -> None:
    """Replace one file (caches, stamps) without a window where it is half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    Path(tmp).replace(path)
