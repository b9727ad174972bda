"""The swap of a new site for the old one, killed (SIGKILL) at every step: site/ is always complete, or
the next build recovers the last complete site first, saying so (tests/swap_crasher.py does the killing)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SITES, assemble, tree_of
from .swap_crasher import new_tree

CRASHER = [sys.executable, str(REPO / "tests" / "swap_crasher.py")]
OLD = {"index.html": b"old home\n", "ja/index.html": b"old ja\n", "ja/deal/index.html": b"new deal\n",
       "gone/index.html": b"a page the new site no longer has\n"}


def _run(kill_at: int, mode: str, root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CRASHER, str(kill_at), mode, str(root), *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


def _steps(done: subprocess.CompletedProcess) -> int:
    assert done.returncode in (0, 1), done.stderr
    return int(done.stderr.rsplit("steps: ", 1)[1])


def _write(folder: Path, tree: dict[str, bytes]) -> None:
    for rel, data in tree.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


def _site(root: Path) -> dict[str, bytes] | None:
    return tree_of(root / "site") if (root / "site").exists() else None


def _leftovers(root: Path) -> list[str]:
    return [name for name in ("site.tmp", "site.old") if (root / name).exists()]


def test_write_killed_at_every_step_then_recovery_killed_at_every_step(tmp_path: Path) -> None:
    new = new_tree()
    start = tmp_path / "start"
    _write(start / "site", OLD)
    probe = tmp_path / "probe"
    shutil.copytree(start, probe)
    steps = _steps(_run(0, "write", probe))
    assert _site(probe) == new and not _leftovers(probe)
    assert steps >= 8          # flush, two renames, flush, and removing the old tree file by file

    for k in range(1, steps + 1):
        killed = tmp_path / f"killed-{k}"
        shutil.copytree(start, killed)
        assert _run(k, "write", killed).returncode == -signal.SIGKILL
        found = _site(killed)
        assert found in (OLD, new, None), f"step {k}: site/ is a complete site or absent, never a mixture"
        last_complete = found if found is not None else OLD
        if found is None:
            assert tree_of(killed / "site.old") == OLD, f"step {k}: no site/, so the old one waits in site.old/"

        # The recovery itself killed at each of its steps, then finished by a recovery that runs to the end.
        probe = tmp_path / f"probe-{k}"
        shutil.copytree(killed, probe)
        recovery_steps = _steps(_run(0, "recover", probe))
        for j in range(1, recovery_steps + 1):
            again = tmp_path / f"killed-{k}-{j}"
            shutil.copytree(killed, again)
            assert _run(j, "recover", again).returncode == -signal.SIGKILL
            assert _site(again) in (last_complete, None), f"steps {k}, {j}"
            finished = _run(0, "recover", again)
            assert finished.returncode == 0, finished.stderr
            assert _site(again) == last_complete and not _leftovers(again), f"steps {k}, {j}"
            shutil.rmtree(again)
        assert _site(probe) == last_complete and not _leftovers(probe), f"step {k}"
        said = _run(0, "recover", killed).stderr
        assert _site(killed) == last_complete and not _leftovers(killed)
        if found is None:
            assert said.startswith("site/: restored the last complete site from site.old/"), said
        shutil.rmtree(killed)
        shutil.rmtree(probe)


def _break(root: Path) -> None:
    (root / "content" / "en" / "deal.md").write_text("no front matter\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], int]:
    """A project with the site of its first build, edited since; the edited site; the steps of its swap."""
    root = assemble(SITES / "valid", tmp_path_factory.mktemp("built") / "project")
    assert _run(0, "build", root, "--no-cache", "--no-search", "--quiet").returncode == 0
    deal = root / "content" / "ja" / "deal.md"
    deal.write_text(deal.read_text(encoding="utf-8").replace("本文。", "新しい本文。"), encoding="utf-8")
    probe = tmp_path_factory.mktemp("probe") / "project"
    shutil.copytree(root, probe)
    steps = _steps(_run(0, "build", probe, "--no-cache", "--no-search", "--quiet"))
    return root, tree_of(probe / "site"), steps


@pytest.mark.parametrize("where", ["flush", "move old aside", "move new in", "flush names", "remove old",
                                   "last step"])
def test_build_killed_in_its_swap_then_a_failing_build_recovers_the_last_complete_site(
        where: str, built: tuple[Path, dict[str, bytes], int], tmp_path: Path) -> None:
    start, new, steps = built
    kill_at = {"flush": 1, "move old aside": 2, "move new in": 3, "flush names": 4, "remove old": 5,
               "last step": steps}[where]
    root = tmp_path / "project"
    shutil.copytree(start, root)
    old = tree_of(root / "site")
    assert old != new
    assert _run(kill_at, "build", root, "--no-cache", "--no-search", "--quiet").returncode == -signal.SIGKILL
    found = _site(root)
    assert found in (old, new, None)
    last_complete = old if found is None else found

    _break(root)
    failing = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-cache"],
                             capture_output=True, text=True, timeout=300)
    assert failing.returncode == 1
    assert "Traceback" not in failing.stderr
    if found is None:       # never "left unchanged" once the run has put site/ back
        assert failing.stderr.startswith("site/: restored the last complete site from site.old/ "), failing.stderr
        assert failing.stderr.endswith("1 error, 1 warning: site/ restored to the last complete site, not replaced\n")
    else:
        assert failing.stderr.endswith("1 error, 1 warning: site/ left unchanged\n")
    assert _site(root) == last_complete and not _leftovers(root)


def test_a_recovery_that_fails_after_restoring_says_what_it_restored(tmp_path: Path) -> None:
    """site/ put back from site.old/, then site.tmp/ cannot be removed: the restoration is still
    said, and the build does not claim to have left site/ unchanged."""
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs chattr and root to make a file immutable")
    root = assemble(SITES / "valid", tmp_path / "project")
    _write(root / "site.old", OLD)
    stuck = root / "site.tmp" / "ja" / "index.html"
    _write(root / "site.tmp", {"ja/index.html": b"half of a new site\n"})
    if subprocess.run(["chattr", "+i", str(stuck)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable files")
    try:
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--no-search"],
                              capture_output=True, text=True, timeout=300)
    finally:
        subprocess.run(["chattr", "-i", str(stuck)], check=True)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("site/: restored the last complete site from site.old/ "), done.stderr
    assert lines[1].startswith("site.tmp: error: is an unfinished site, left by a build that was stopped, "
                               "and cannot be removed (site.tmp/ja/index.html: Operation not permitted)"), done.stderr
    assert lines[2:] == ["site/ restored to the last complete site, not replaced"]
    assert _site(root) == OLD


@pytest.mark.parametrize(("how", "signal_name"), [("exchange", "INT"), ("two renames", "INT"), ("two renames", "TERM")])
def test_a_build_stopped_at_each_step_of_its_swap_says_truly_what_site_holds(
        how: str, signal_name: str, built: tuple[Path, dict[str, bytes], int], tmp_path: Path) -> None:
    """Ctrl-C (or CI's SIGTERM) just before each step of the swap: the build's last line says what
    site/ holds, and it does. Between the two renames (file systems without RENAME_EXCHANGE) there
    was no site/, the new tree was removed with site.tmp/, and the build said 'site/ already holds
    the new site'."""
    start, new, _ = built
    old = tree_of(start / "site")
    env = os.environ | {"SWAP_CRASHER_SIGNAL": signal_name}
    if how == "two renames":
        env["SWAP_CRASHER_NO_EXCHANGE"] = "1"
    args = ("build", "--no-cache", "--no-search", "--quiet")
    probe = tmp_path / "probe"
    shutil.copytree(start, probe)
    steps = _steps(subprocess.run([*CRASHER, "0", args[0], str(probe), *args[1:]], capture_output=True, text=True,
                                  timeout=300, cwd=REPO, env=env))
    word = {"INT": "interrupted", "TERM": "terminated"}[signal_name]
    truth = {f"{word}: site/ left unchanged": old, f"{word}: site/ already holds the new site": new}
    # Every step up to the first removal of the old tree, then the last (the removal's steps are alike).
    for k in [*range(1, 8), steps]:
        root = tmp_path / f"stopped-{k}"
        shutil.copytree(start, root)
        done = subprocess.run([*CRASHER, str(k), args[0], str(root), *args[1:]], capture_output=True, text=True,
                              timeout=300, cwd=REPO, env=env)
        code = 128 + signal.Signals["SIG" + signal_name]
        said = done.stderr.rsplit("\nsteps: ", 1)[0].splitlines()[-1]     # the crasher's count comes after
        assert done.returncode == code and said in truth, f"step {k}: {done.stderr}"
        assert _site(root) == truth[said], f"step {k}: '{said}', but site/ holds something else"
        assert _run(0, "recover", root).returncode == 0
        assert _site(root) == truth[said] and not _leftovers(root), f"step {k}"
        shutil.rmtree(root)


def test_the_previous_site_is_removed_whole_and_nothing_beside_it(tmp_path: Path) -> None:
    """The removal of site.old/ runs on several threads, a folder two levels down each: all of it
    goes (files at every level, deep folders), and a link in it is removed, never followed."""
    from sitegen.output import swap

    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "keep.txt").write_text("keep\n")
    old = tmp_path / "site.old"
    for rel in ("index.html", "en/index.html", "en/deal/index.html", "en/deal/a/b/c/d.html", "charts/x.svg"):
        (old / rel).parent.mkdir(parents=True, exist_ok=True)
        (old / rel).write_text(rel)
    for link in ("link", "en/link", "en/deal/link"):
        (old / link).symlink_to(outside, target_is_directory=True)
    swap._remove(old, "is the previous site")
    assert not os.path.lexists(old) and tree_of(outside) == {"deep/keep.txt": b"keep\n"}
