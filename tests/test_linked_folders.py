"""An input folder that is a link to another folder (content/en, data/facts or static/js kept in a
shared place): the build reads through it, and each later build after an edit made there is the
build of a project with the folder copied in. Before, content/ and static/ skipped linked folders
(the English pages were replaced by 'not translated' fallbacks, exit 0), and the no-change check and
the cache keys did not look into them (an edited fact was never published)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, tree_of

BUILD = [sys.executable, str(REPO / "build.py"), "--no-search", "--quiet"]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _edit_fact(path: Path) -> None:
    """The first fact's value changed (data/facts/deal.yaml's first 'value:')."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("value:"))
    lines[first] = lines[first].split("value:")[0] + "value: 41e9"
    path.write_text("\n".join(lines), encoding="utf-8")


# The linked folder, and an edit of one of its files (name, edit).
EDITS = {
    "content/en": ("deal.md", lambda path: _append(path, "\nA paragraph written in the shared folder.\n")),
    "data/facts": ("deal.yaml", _edit_fact),
    "static/js": ("reader.js", lambda path: _append(path, "\n// edited in the shared folder\n")),
}


def _build(root: Path, *args: str) -> dict[str, bytes]:
    done = subprocess.run([*BUILD, "--root", str(root), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tree_of(root / "site")


def _as_copied(root: Path, folder: str, dest: Path) -> dict[str, bytes]:
    """The site of the same project with the linked folder's files copied in, built from scratch."""
    shutil.copytree(root, dest, symlinks=False, ignore=shutil.ignore_patterns("site", ".cache", "site.lock"))
    assert not (dest / folder).is_symlink()
    return _build(dest, "--no-cache")


@pytest.mark.parametrize("folder", sorted(EDITS))
def test_a_linked_input_folder_is_read_and_its_edits_rebuild(folder: str, make_project, tmp_path: Path) -> None:
    root = make_project()
    # static/ publishes only files inside the project (test_hostile_input.py); the others may be anywhere.
    shared = (root / "shared" if folder.startswith("static/") else tmp_path / "shared") / folder
    shared.parent.mkdir(parents=True)
    shutil.move(root / folder, shared)
    (root / folder).symlink_to(shared, target_is_directory=True)
    first = _build(root)
    assert first == _as_copied(root, folder, tmp_path / "copy-1")

    name, edit = EDITS[folder]
    edit(shared / name)
    edited = _build(root)           # through the no-change check and the caches
    assert edited != first
    assert edited == _as_copied(root, folder, tmp_path / "copy-2")


def test_a_link_to_a_folder_it_is_in_is_not_followed_round(make_project, tmp_path: Path) -> None:
    """content/en/loop → content/en, data/loop → data, static/loop → static: the build ends, as without them."""
    root = make_project()
    plain = _build(root, "--no-cache")
    for folder in ("content/en", "data", "static"):
        (root / folder / "loop").symlink_to(root / folder, target_is_directory=True)
    assert _build(root) == plain
