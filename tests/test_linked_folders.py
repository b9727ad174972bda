"""An input folder that is a link to another folder (content/en, data/facts or static/js kept in a
shared place): the build reads through it, and each later build after an edit made there is the
build of a project with the folder copied in. Before, content/ and static/ skipped linked folders
(the English pages were replaced by 'not translated' fallbacks, exit 0), and the no-change check and
the cache keys did not look into them (an edited fact was never published)."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.cache.buildcache import BuildCache
from sitegen.cli import main
from sitegen.devserver import DevServer
from sitegen.fingerprint import files_under

from .conftest import REPO, tree_of
from .devserver_client import get

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


def _reachable(folder: Path, prefix: str = "", ancestors: frozenset[Path] = frozenset(),
               within: Path | None = None, home: Path | None = None) -> set[str]:
    """Every file reachable from `folder` through folders and links, never entering a folder
    that is already on the way down (by its real path); with `within`, nor a link to a folder
    outside it or to one that holds `home` (the folder walked from), which is listed itself."""
    here, home = ancestors | {folder.resolve()}, home or folder.resolve()
    found = set()
    for entry in folder.iterdir():
        if entry.is_dir() and entry.resolve() in here:
            continue
        if within and entry.is_symlink() and entry.is_dir() and (
                not entry.resolve().is_relative_to(within) or home.is_relative_to(entry.resolve())):
            found.add(prefix + entry.name)
        elif entry.is_dir():
            found |= _reachable(entry, f"{prefix}{entry.name}/", here, within, home)
        elif entry.is_file():
            found.add(prefix + entry.name)
    return found


def _grow(data: st.DataObject, folders: list[Path], links: int) -> None:
    """Random folders under `folders`, files in them, and up to `links` links from one to another."""
    for _ in range(data.draw(st.integers(0, 5))):
        parent = data.draw(st.sampled_from(folders))
        folders.append(parent / f"d{len(folders)}")
        folders[-1].mkdir()
    for index in range(data.draw(st.integers(0, 6))):
        (data.draw(st.sampled_from(folders)) / f"f{index}.txt").write_text("x", encoding="utf-8")
    for index in range(data.draw(st.integers(0, links))):
        place, target = data.draw(st.sampled_from(folders)), data.draw(st.sampled_from(folders))
        (place / f"link{index}").symlink_to(target, target_is_directory=True)


@given(st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_walk_of_an_input_folder_follows_links_and_ends(tmp_path: Path, data: st.DataObject) -> None:
    """Random folders, files and links to folders (loops among them): files_under ends, and lists every
    file reachable without going round a loop, under each way there (as the loaders read them)."""
    root = tmp_path / f"tree-{len(list(tmp_path.iterdir()))}"
    root.mkdir()
    _grow(data, [root], links=4)
    assert set(files_under(root)) == _reachable(root)


@given(st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_walk_of_static_never_leaves_the_project(tmp_path: Path, data: st.DataObject) -> None:
    """The same, with folders outside the project and links to them from static/ (and back), and links to
    the project and the folder that holds it: the walk of a folder confined to the project (static/) lists
    a link outside it, or to a folder that holds static/ (`ln -s .. static/up`), as an entry and never goes
    through it, and lists everything else as the plain walk does."""
    base = tmp_path / f"tree-{len(list(tmp_path.iterdir()))}"
    project, outside = base / "project", base / "outside"
    static = project / "static"
    static.mkdir(parents=True)
    outside.mkdir()
    _grow(data, [static, project, outside, base], links=5)
    listed = files_under(static, project)
    assert set(listed) == _reachable(static, within=project.resolve())
    for rel in listed:
        real = static.joinpath(rel).resolve()
        assert static.joinpath(rel).is_symlink() or (
            real.is_relative_to(project.resolve()) and not static.resolve().is_relative_to(real))


def _shown(dev: DevServer, path: str, text: str, seconds: float = 30) -> bool:
    """Whether the dev server serves `text` at `path` within `seconds` (a deadline, not a measure)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in get(dev.origin, path).body:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("case", ["a linked file", "a link pointed elsewhere", "a linked folder made anew",
                                  "a link made while serving"])
def test_the_dev_server_shows_edits_made_through_a_link(case: str, make_project, tmp_path: Path) -> None:
    """The watch is on what a link leads to when the server starts. An edit was never shown when the
    link led to a file (content/en/deal.md kept in a shared folder), was pointed elsewhere while the
    server ran (ln -sfn), or the folder it leads to was made anew (a sync, a fresh checkout). A link
    made while the server runs is found from the batch that brings it (the inputs are not walked
    after every edit)."""
    root = make_project()
    shared, link = tmp_path / "shared", root / "content" / "en"
    if case == "a linked file":
        shared.mkdir()
        link = link / "deal.md"
        shutil.move(link, shared / "deal.md")
        link.symlink_to(shared / "deal.md")
    elif case != "a link made while serving":
        shutil.move(link, shared)
        link.symlink_to(shared, target_is_directory=True)
    dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
    dev.start()
    try:
        assert dev.wait_for_build(timeout=120).good is not None
        if case == "a link pointed elsewhere":
            shutil.copytree(shared, tmp_path / "elsewhere")
            shared, before = tmp_path / "elsewhere", dev.live.snapshot.build
            (root / "content" / ".en").symlink_to(shared, target_is_directory=True)
            (root / "content" / ".en").replace(link)            # as `ln -sfn` does it
            assert dev.wait_for_build(after=before, timeout=60) is not None
        elif case == "a linked folder made anew":
            shutil.move(shared, tmp_path / "old")
            shutil.copytree(tmp_path / "old", shared)
        elif case == "a link made while serving":
            shutil.move(link, shared)
            link.symlink_to(shared, target_is_directory=True)
            _append(shared / "deal.md", "\nA first paragraph through the new link.\n")   # the link's build may read it
            assert _shown(dev, "/explainer/en/deal/", "A first paragraph through the new link.")
        _append(shared / "deal.md", "\nA paragraph written through the link.\n")
        assert _shown(dev, "/explainer/en/deal/", "A paragraph written through the link.")
    finally:
        dev.stop()


def test_stamp_through_a_linked_page_writes_the_shared_file_and_keeps_the_link(make_project, tmp_path: Path) -> None:
    """`stamp` replaced a linked translation (content/en/deal.md, a link to a shared file) by a copy:
    the link was gone, the shared file never stamped, and its later edits never reached the project.
    It also made a group-writable page 0644 (0600 under umask 077)."""
    root = make_project()
    _append(root / "content" / "ja" / "deal.md", "\n原文に一段落を加えた。\n")     # the translation is now stale
    unlinked = shutil.copytree(root, tmp_path / "unlinked")            # the same project, its page a file
    page, shared = root / "content" / "en" / "deal.md", tmp_path / "shared" / "deal.md"
    shared.parent.mkdir()
    shutil.move(page, shared)
    page.symlink_to(shared)
    shared.chmod(0o664)
    before = shared.read_bytes()
    for project in (root, unlinked):
        assert main(["--root", str(project), "stamp", "content/en/deal.md"]) == 0
    assert page.is_symlink() and page.resolve() == shared
    assert shared.read_bytes() == (unlinked / "content" / "en" / "deal.md").read_bytes() != before
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
