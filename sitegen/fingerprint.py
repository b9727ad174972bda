"""Content hashes of the build's inputs, for caches that must never serve stale output.

Standard library only and nothing from the rest of the engine, so the command line can
decide that nothing changed before importing Markdown, Jinja or Babel.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

# What a build reads from the project (the engine's own files are added separately).
INPUT_DIRS = ("content", "data", "templates", "locales", "static")
INPUT_FILES = ("site.toml",)

ENGINE_DIR = Path(__file__).resolve().parent
_SKIP_DIRS = {"__pycache__"}


def _hasher():
    return hashlib.blake2b(digest_size=20)


def files_under(folder: Path) -> list[Path]:
    """Every file under `folder`, in a stable order (empty if it does not exist)."""
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        found.extend(Path(parent, name) for name in sorted(files) if not name.endswith(".pyc"))
    return found


def files_digest(paths: Iterable[Path], base: Path) -> str:
    """One digest for the names (relative to `base`) and bytes of `paths`."""
    digest = _hasher()
    for path in paths:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
        except FileNotFoundError:       # deleted while we looked: the next build sees it
            digest.update(b"-")
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """Digest of every file under `folder`, by name and content."""
    return files_digest(files_under(folder), folder)


@functools.cache
def engine_version() -> str:
    """The generator's own version: its source files, installed libraries and Python.

    Hashing the sources (not a version number someone must remember to bump) makes every
    code change invalidate cached output; listing the installed distributions with their
    versions does the same when Markdown, Babel (CLDR data) or Jinja are upgraded.
    """
    digest = _hasher()
    digest.update(tree_digest(ENGINE_DIR).encode())
    digest.update(sys.version.encode())
    for entry in sys.path:
        if entry.endswith("site-packages") and Path(entry).is_dir():
            names = sorted(p.name for p in Path(entry).iterdir() if p.name.endswith(".dist-info"))
            digest.update("\n".join(names).encode())
    return digest.hexdigest()


def input_fingerprint(root: Path) -> str:
    """Digest of everything a build of `root` reads: if it is unchanged, so is the output."""
    digest = _hasher()
    digest.update(engine_version().encode() + b"\0" + str(root).encode())
    for name in INPUT_DIRS:
        digest.update(f"\0{name}\0".encode() + tree_digest(root / name).encode())
    digest.update(files_digest([root / name for name in INPUT_FILES if (root / name).is_file()], root).encode())
    return digest.hexdigest()
