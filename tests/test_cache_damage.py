"""Any damage to any file of .cache/ is a miss: the build neither fails nor publishes what the damaged
file says. Each kind of damage is done to every cache file at once (page bodies, drawn charts, the
record of the last build); a page is then edited, so that the build reads the caches, and its site/
must be the bytes of a --no-cache build of the same project. (tests/test_cache_entries.py damages
one kind of entry at a time.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, tree_of
from .test_cache_entries import _one_chart_site

BUILD = [sys.executable, str(REPO / "build.py"), "--quiet"]


def _flip_middle_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x04
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _bad_pickle(path: Path) -> None:          # a pickle claiming a 9-exabyte frame (was MemoryError)
    path.write_bytes(b"\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _named_pipe(path: Path) -> None:         # the build waited for a writer for ever
    path.unlink()
    os.mkfifo(path)


DAMAGE: dict[str, Callable[[Path], None]] = {"flipped bit": _flip_middle_bit, "truncated": _truncate,
                                             "bad pickle": _bad_pickle, "emptied": _empty,
                                             "a folder in its place": _folder, "a named pipe in its place": _named_pipe}


def _swap_within_folders(files: list[Path]) -> None:
    """Each entry replaced by another of the same kind: valid, but made for another key."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    for group in by_folder.values():
        contents = [path.read_bytes() for path in group]
        for path, data in zip(group, contents[1:] + contents[:1], strict=True):
            path.write_bytes(data)


def _edit(root: Path) -> None:
    page = root / "content" / "en" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edit, so that the build reads its caches.\n",
                    encoding="utf-8")


def _build(root: Path, *args: str) -> None:
    done = subprocess.run([*BUILD, "--root", str(root), *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A project built once (its caches full), and the site a --no-cache build gives after `_edit`."""
    root = _one_chart_site(tmp_path_factory.mktemp("warm") / "project")
    _build(root)
    clean = tmp_path_factory.mktemp("clean") / "project"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".cache"))
    _edit(clean)
    _build(clean, "--no-cache")
    return root, tree_of(clean / "site")


@pytest.mark.parametrize("damage", [*DAMAGE, "another entry's contents"])
def test_any_damage_to_every_cache_file_is_a_miss(damage: str, warm: tuple[Path, dict[str, bytes]],
                                                  tmp_path: Path) -> None:
    start, expected = warm
    root = tmp_path / "project"
    shutil.copytree(start, root)
    if damage == "a named pipe in its place" and not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    files = sorted(path for path in (root / ".cache").rglob("*") if path.is_file())
    kinds = {path.parent.name for path in files}
    assert {"bodies", "charts", "build"} <= kinds, kinds        # page bodies, drawings, the last-build record
    if damage in DAMAGE:
        for path in files:
            DAMAGE[damage](path)
    else:
        _swap_within_folders(files)
    _edit(root)
    _build(root)
    assert tree_of(root / "site") == expected
