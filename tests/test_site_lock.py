"""One build at a time: real `build.py` processes against one project, and a lock held by another process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.cache.buildcache import BuildCache
from sitegen.devserver import DevServer
from sitegen.output.sitelock import lock_path, site_lock

from .conftest import REPO, SITES, assemble, tree_of

BUILD = [sys.executable, str(REPO / "build.py")]
# --no-cache: a run with nothing changed would replay the last report without building.
FLAGS = ["--no-cache", "--no-search", "--quiet"]


def _build(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([*BUILD, "--root", str(root), *FLAGS, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@contextmanager
def _held_by_another_process(root: Path) -> Iterator[subprocess.Popen]:
    """The lock on root/site, held by a child process (as a running build holds it) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from sitegen.output.sitelock import site_lock\n"
         "with site_lock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()",
         str(root / "site")],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def _previous_site(root: Path) -> dict[str, bytes]:
    (root / "site" / "ja").mkdir(parents=True)
    (root / "site" / "ja" / "index.html").write_text("the previous build\n", encoding="utf-8")
    return tree_of(root / "site")


def test_no_wait_refuses_while_another_build_writes(make_project) -> None:
    root = make_project()
    before = _previous_site(root)
    with _held_by_another_process(root) as holder:
        refused = _build(root, "--no-wait")
        _out, err = refused.communicate(timeout=120)
        assert refused.returncode == 3
        assert err == (f"site/: error: is being written by another build (process {holder.pid}) "
                       "(wait for it to finish, or build without --no-wait)\nsite/ left unchanged\n")
        assert tree_of(root / "site") == before and not (root / "site.tmp").exists()


def test_a_second_build_waits_with_a_message_then_builds(make_project) -> None:
    root = make_project()
    before = _previous_site(root)
    with _held_by_another_process(root) as holder:
        waiting = _build(root)
        line = waiting.stderr.readline()
        assert line == f"site/ is being written by another build (process {holder.pid}); waiting for it to finish\n"
        assert waiting.poll() is None, "it waits while the other build holds site/"
        assert tree_of(root / "site") == before and not (root / "site.tmp").exists()
    _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert tree_of(root / "site") != before and (root / "site" / "ja" / "deal" / "index.html").is_file()


def test_builds_started_together_all_succeed_and_leave_one_complete_site(make_project) -> None:
    root = make_project()
    subprocess.run([*BUILD, "--root", str(root), *FLAGS], check=True, timeout=300)
    expected = tree_of(root / "site")
    builds = [_build(root) for _ in range(3)]          # what broke the site before: no lock
    for build in builds:
        _out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
        assert "Traceback" not in err
    assert tree_of(root / "site") == expected
    assert not (root / "site.tmp").exists() and not (root / "site.old").exists()


def test_check_and_the_dev_server_take_no_lock(make_project) -> None:
    root = make_project()
    with _held_by_another_process(root):
        check = subprocess.run([*BUILD, "--root", str(root), *FLAGS, "check"], capture_output=True, text=True,
                               timeout=300)
        assert check.returncode == 0, check.stderr
        dev = DevServer(root, port=0, cache=BuildCache(), log=lambda text: None)
        dev.start()
        try:
            snapshot = dev.wait_for_build(timeout=120)
            assert snapshot is not None and snapshot.good is not None, "built while another build holds site/"
        finally:
            dev.stop()
    assert not (root / "site").exists()


def test_the_lock_names_its_holder_and_dies_with_it(make_project) -> None:
    root = make_project()
    with _held_by_another_process(root) as holder:
        assert lock_path(root / "site").read_text() == f"{holder.pid}\n"
        holder.send_signal(signal.SIGKILL)          # a build killed while it holds the lock
        holder.wait(timeout=30)
        done = _build(root, "--no-wait")
        _out, err = done.communicate(timeout=300)
        assert done.returncode == 0, err
    assert (root / "site" / "index.html").is_file()


def test_a_forked_child_does_not_keep_the_lock_of_a_killed_build(tmp_path: Path) -> None:
    """A child forked by a build (a worker) shares the lock's open file; the lock is the build's alone."""
    site = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import os, sys, time; from pathlib import Path\n"
         "from sitegen.output.sitelock import site_lock\n"
         "with site_lock(Path(sys.argv[1])):\n"
         "    child = os.fork()\n"
         "    if child == 0:\n        os.write(1, b'forked\\n'); time.sleep(60)\n        os._exit(0)\n"
         "    os.write(1, b'%d\\n' % child); sys.stdin.read()", str(site)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    # Both lines, in either order: the child's says it runs (the fork's hooks have run in it), which
    # a loaded machine may delay past the parent's (the lock was then taken while it still held it).
    lines = {holder.stdout.readline(), holder.stdout.readline()}
    assert "forked\n" in lines
    child = int(min(lines - {"forked\n"}))
    try:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        os.kill(child, 0)                       # still running
        with site_lock(site, wait=False):       # SiteBusyError if the child held it
            pass
    finally:
        holder.kill()
        os.kill(child, signal.SIGKILL)


def test_two_projects_whose_site_links_to_one_folder_build_one_at_a_time(make_project, tmp_path: Path) -> None:
    """Two checkouts (staging and production, two CI jobs) with site/ linked to one web server
    folder: each locked only its own site.lock, so both staged into html.tmp/ at once; one removed
    the other's unfinished tree as 'left by a build that was stopped', or swapped in a mix of both."""
    html = tmp_path / "www" / "html"
    html.mkdir(parents=True)
    first, second = make_project(), assemble(SITES / "valid", tmp_path / "second")
    for root in (first, second):
        (root / "site").symlink_to(html)
    script = ("import sys\nfrom sitegen import cli\nfrom sitegen.render import markup\n"
              "render = markup.MarkdownRenderer.render\n"
              "def paused(self, *args):\n"          # the first page waits, with the build's lock held
              "    markup.MarkdownRenderer.render = render\n"
              "    print('building', flush=True); sys.stdin.readline()\n"
              "    return render(self, *args)\n"
              "markup.MarkdownRenderer.render = paused\n"
              f"sys.exit(cli.main(['--root', {str(first)!r}, *{FLAGS!r}]))\n")
    building = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert building.stdout.readline() == "building\n"
        refused = _build(second, "--no-wait")
        _out, err = refused.communicate(timeout=120)
        assert (refused.returncode, err) == (3, f"{html}/: error: is being written by "
                                                f"another build (process {building.pid}) (wait for it to finish, "
                                                "or build without --no-wait)\nsite/ left unchanged\n")
        assert not html.with_name("html.tmp").exists()
    finally:
        building.stdin.close()
    assert building.wait(timeout=120) == 0, building.stderr.read()
    assert (second / "site").is_symlink() and (html / "index.html").is_file()
